/**
 * Test helper: a local Twilio speaking the Messages part of its REST API on
 * the wire as Twilio does — `POST /2010-04-01/Accounts/{Sid}/Messages.json`
 * (form-encoded `To`, `From`, `Body`, repeated `MediaUrl`) answering 201 with
 * a message resource, `GET` of the same path listing them (newest first,
 * Twilio's page envelope, `To`/`From`/`PageSize` filters), HTTP Basic auth
 * with the account sid and auth token checked on every request, and Twilio's
 * error bodies (`{code, message, more_info, status}`).
 *
 * `failAfterAccept(n)`: the next n creates store the message and then answer
 * 500, as when Twilio took a text but the answer was lost.
 *
 * Webhooks as Twilio sends them, form-encoded and signed with
 * `X-Twilio-Signature` (base64 HMAC-SHA1, keyed by the auth token, of the
 * URL followed by each parameter's name and value, sorted by name):
 * `reportStatus(sid, status)` POSTs a status callback to the message's
 * `StatusCallback`; `sendInbound(from, body)` POSTs an incoming text to
 * `inboundUrl`.
 */
import { createHmac } from "node:crypto";

export interface FakeMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  mediaUrls: string[];
  statusCallback: string | null;
}

export interface FakeTwilio {
  /** Where the SDK should send its requests (TWILIO_API_BASE). */
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** Messages taken, oldest first. */
  readonly messages: FakeMessage[];
  /** Requests refused for their credentials. */
  unauthorized: number;
  failAfterAccept(n: number): void;
  /** Where incoming texts to our number are POSTed (the messaging webhook); set by the test. */
  inboundUrl: string | null;
  /** POSTs a status callback for message `sid`; the answer's status (0 without a callback URL). */
  reportStatus(sid: string, status: string, errorCode?: string): Promise<number>;
  /** POSTs an incoming text from `from` to `inboundUrl`; the answer's status. */
  sendInbound(from: string, body: string): Promise<number>;
  /** The `X-Twilio-Signature` of a POST of `params` to `url`. */
  sign(url: string, params: Record<string, string>): string;
  close(): Promise<void>;
}

const API = "2010-04-01";

const error = (status: number, code: number, message: string) =>
  Response.json(
    { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
    { status },
  );

const hex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0"))
    .join("");

export function startFakeTwilio(
  accountSid = `AC${hex(16)}`,
  authToken = hex(16),
): FakeTwilio {
  const messages: FakeMessage[] = [];
  let failing = 0;
  const basePath = `/${API}/Accounts/${accountSid}/Messages.json`;
  const expectedAuth = `Basic ${btoa(`${accountSid}:${authToken}`)}`;

  function resource(m: FakeMessage) {
    const now = new Date().toUTCString().replace("GMT", "+0000");
    return {
      account_sid: accountSid,
      api_version: API,
      body: m.body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: "outbound-api",
      error_code: null,
      error_message: null,
      from: m.from,
      messaging_service_sid: null,
      num_media: String(m.mediaUrls.length),
      num_segments: "1",
      price: null,
      price_unit: "USD",
      sid: m.sid,
      status: "queued",
      subresource_uris: { media: `/${API}/Accounts/${accountSid}/Messages/${m.sid}/Media.json` },
      to: m.to,
      uri: `/${API}/Accounts/${accountSid}/Messages/${m.sid}.json`,
    };
  }

  const fake = {
    url: "",
    accountSid,
    authToken,
    messages,
    unauthorized: 0,
    failAfterAccept(n: number) {
      failing = n;
    },
    inboundUrl: null as string | null,
    reportStatus(sid: string, status: string, errorCode?: string) {
      const m = messages.find((x) => x.sid === sid);
      if (!m?.statusCallback) return Promise.resolve(0);
      return postSigned(m.statusCallback, {
        AccountSid: accountSid,
        ApiVersion: API,
        From: m.from,
        MessageSid: m.sid,
        MessageStatus: status,
        SmsSid: m.sid,
        SmsStatus: status,
        To: m.to,
        ...(errorCode ? { ErrorCode: errorCode } : {}),
      });
    },
    sendInbound(from: string, body: string) {
      if (!fake.inboundUrl) return Promise.resolve(0);
      const sid = `SM${hex(16)}`;
      return postSigned(fake.inboundUrl, {
        AccountSid: accountSid,
        ApiVersion: API,
        Body: body,
        From: from,
        MessageSid: sid,
        NumMedia: "0",
        SmsSid: sid,
        To: "+15550001111",
      });
    },
    sign(url: string, params: Record<string, string>) {
      const data = url + Object.keys(params).sort().map((k) => k + params[k]).join("");
      return createHmac("sha1", authToken).update(data).digest("base64");
    },
    close: async () => {},
  };

  async function postSigned(url: string, params: Record<string, string>): Promise<number> {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": fake.sign(url, params),
      },
      body: new URLSearchParams(params),
    });
    await res.body?.cancel();
    return res.status;
  }

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    if (req.headers.get("authorization") !== expectedAuth) {
      fake.unauthorized++;
      return error(401, 20003, "Authenticate");
    }
    if (url.pathname !== basePath) {
      return error(404, 20404, `The requested resource ${url.pathname} was not found`);
    }
    if (req.method === "GET") {
      const to = url.searchParams.get("To");
      const from = url.searchParams.get("From");
      const size = Number(url.searchParams.get("PageSize") ?? 50);
      const found = messages.filter((m) => (!to || m.to === to) && (!from || m.from === from))
        .reverse().slice(0, size);
      return Response.json({
        messages: found.map(resource),
        end: found.length - 1,
        first_page_uri: `${basePath}?PageSize=${size}&Page=0`,
        next_page_uri: null,
        page: 0,
        page_size: size,
        previous_page_uri: null,
        start: 0,
        uri: `${basePath}?PageSize=${size}&Page=0`,
      });
    }
    if (req.method !== "POST") return error(405, 20004, "Method not allowed");
    if (!req.headers.get("content-type")?.startsWith("application/x-www-form-urlencoded")) {
      return error(400, 20001, "Expected a form-encoded body");
    }
    const form = new URLSearchParams(await req.text());
    const to = form.get("To");
    const from = form.get("From");
    if (!to) return error(400, 21604, "A 'To' phone number is required.");
    if (!from) return error(400, 21603, "A 'From' phone number is required.");
    const body = form.get("Body") ?? "";
    const mediaUrls = form.getAll("MediaUrl");
    if (!body && !mediaUrls.length) return error(400, 21602, "Message body is required.");
    const message = {
      sid: `SM${hex(16)}`,
      to,
      from,
      body,
      mediaUrls,
      statusCallback: form.get("StatusCallback"),
    };
    messages.push(message);
    if (failing > 0) {
      failing--;
      return error(500, 20500, "Internal Server Error");
    }
    return Response.json(resource(message), { status: 201 });
  });
  fake.url = `http://127.0.0.1:${server.addr.port}`;
  fake.close = () => server.shutdown();
  return fake;
}
