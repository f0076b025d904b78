/**
 * Test helper: a local, stateful PayPal speaking the parts of its REST API
 * the product uses, on the wire as PayPal does, for the official
 * `@paypal/paypal-server-sdk`:
 * - `POST /v1/oauth2/token` (client credentials, HTTP Basic) → bearer tokens
 *   every other call must carry;
 * - Orders v2: create (`PayPal-Request-Id` idempotency: a request id that
 *   succeeded answers its first answer again), get, capture —
 *   `CREATED` → `APPROVED` (`approve(id)`: what the buyer does on PayPal) →
 *   `COMPLETED`; capturing an unapproved or captured order answers 422 with
 *   PayPal's error body (`name`, `details[].issue`, `debug_id`, `links`);
 * - `POST /v2/payments/captures/{id}/refund` (partial or full, idempotent by
 *   `PayPal-Request-Id`), `GET /v2/payments/captures/{id}`;
 * - webhooks: each event is queued and POSTed by `deliver()` to `webhookUrl`
 *   with PayPal's transmission headers, signed SHA256withRSA over
 *   `<transmissionId>|<time>|<webhookId>|<crc32 of body>` with a key whose
 *   self-signed certificate it serves at `certUrl`; an event not answered
 *   2xx stays queued (PayPal retries).
 */
import { sign } from "node:crypto";
import { crc32 } from "../../../core/crc32.ts";
import { selfSignedCert, type TestCert } from "./test_cert.ts";
import { paypalError } from "./fake_paypal_errors.ts";

export interface FakeOrder {
  id: string;
  status: "CREATED" | "APPROVED" | "COMPLETED";
  intent: string;
  purchase_units: Record<string, unknown>[];
  amount: { currency_code: string; value: string };
  captureId: string | null;
}

export interface FakeCapture {
  id: string;
  orderId: string;
  amount: { currency_code: string; value: string };
  refundedCents: number;
  status: "COMPLETED" | "PARTIALLY_REFUNDED" | "REFUNDED" | "REVERSED";
}

export interface FakeEvent {
  id: string;
  event_type: string;
  resource: Record<string, unknown>;
  [key: string]: unknown;
}

export interface FakePaypal {
  /** Where the SDK's requests should go (PAYPAL_API_BASE). */
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly webhookId: string;
  /** Where webhooks are POSTed; set by the test. */
  webhookUrl: string | null;
  readonly certUrl: string;
  readonly orders: Map<string, FakeOrder>;
  readonly captures: Map<string, FakeCapture>;
  /** Events not yet answered 2xx, oldest first. */
  readonly pending: FakeEvent[];
  /** Every event raised, oldest first. */
  readonly events: FakeEvent[];
  /** Requests refused for their credentials. */
  unauthorized: number;
  /** The buyer approves the order on PayPal's pages. */
  approve(orderId: string): void;
  /** PayPal reverses a capture (a buyer's bank pulled it back). */
  reverse(captureId: string): FakeEvent;
  /** POSTs the pending events in order; the status of each answer. */
  deliver(): Promise<number[]>;
  /** POSTs `event` again, freshly signed (a resend from PayPal's dashboard). */
  resend(event: FakeEvent): Promise<number>;
  /** The transmission headers PayPal sends with `body`. */
  sign(body: string, opts?: { webhookId?: string; certUrl?: string }): Record<string, string>;
  close(): Promise<void>;
}

const cents = (value: string) => Math.round(Number(value) * 100);
const money = (currency: string, c: number) => ({
  currency_code: currency,
  value: (c / 100).toFixed(2),
});
const id = (prefix = "") =>
  prefix + crypto.randomUUID().replaceAll("-", "").slice(0, 17).toUpperCase();

export function startFakePaypal(
  clientId = `client-${id()}`,
  clientSecret = `secret-${id()}`,
  webhookId = `WH${id()}`,
): FakePaypal {
  const cert: TestCert = selfSignedCert("fake paypal webhooks");
  const tokens = new Set<string>();
  const orders = new Map<string, FakeOrder>();
  const captures = new Map<string, FakeCapture>();
  /** `<path>\n<PayPal-Request-Id>` → the answer given. */
  const answered = new Map<string, { status: number; body: unknown }>();
  const basicAuth = `Basic ${btoa(`${clientId}:${clientSecret}`)}`;

  const fake: FakePaypal = {
    url: "",
    clientId,
    clientSecret,
    webhookId,
    webhookUrl: null,
    certUrl: "",
    orders,
    captures,
    pending: [],
    events: [],
    unauthorized: 0,
    approve(orderId) {
      const order = orders.get(orderId);
      if (!order) throw new Error(`No order "${orderId}"`);
      if (order.status === "CREATED") order.status = "APPROVED";
      raise("CHECKOUT.ORDER.APPROVED", "checkout-order", orderJson(order));
    },
    reverse(captureId) {
      const capture = captures.get(captureId);
      if (!capture) throw new Error(`No capture "${captureId}"`);
      const left = cents(capture.amount.value) - capture.refundedCents;
      capture.refundedCents += left;
      capture.status = "REVERSED";
      return raise("PAYMENT.CAPTURE.REVERSED", "refund", {
        id: id(),
        status: "COMPLETED",
        amount: money(capture.amount.currency_code, left),
        links: captureLinks(capture.id),
      });
    },
    async deliver() {
      const statuses: number[] = [];
      for (const event of [...fake.pending]) {
        const status = await post(event);
        statuses.push(status);
        if (status >= 200 && status < 300) fake.pending.splice(fake.pending.indexOf(event), 1);
      }
      return statuses;
    },
    resend: (event) => post(event),
    sign(body, opts = {}) {
      const transmissionId = crypto.randomUUID();
      const time = new Date().toISOString();
      const message = `${transmissionId}|${time}|${opts.webhookId ?? webhookId}|${crc32(body)}`;
      return {
        "content-type": "application/json",
        "paypal-transmission-id": transmissionId,
        "paypal-transmission-time": time,
        "paypal-transmission-sig": sign(
          "sha256",
          new TextEncoder().encode(message),
          cert.privateKey,
        )
          .toString("base64"),
        "paypal-cert-url": opts.certUrl ?? fake.certUrl,
        "paypal-auth-algo": "SHA256withRSA",
        "paypal-auth-version": "v2",
      };
    },
    close: async () => {},
  };

  async function post(event: FakeEvent): Promise<number> {
    if (!fake.webhookUrl) return 0;
    const body = JSON.stringify(event);
    const res = await fetch(fake.webhookUrl, { method: "POST", headers: fake.sign(body), body });
    await res.body?.cancel();
    return res.status;
  }

  function raise(type: string, resourceType: string, resource: Record<string, unknown>) {
    const event: FakeEvent = {
      id: id("WH-"),
      event_version: "1.0",
      create_time: new Date().toISOString(),
      resource_type: resourceType,
      event_type: type,
      summary: type,
      resource,
      links: [],
    };
    fake.events.push(event);
    fake.pending.push(event);
    return event;
  }

  const link = (path: string, rel: string, method = "GET") => ({
    href: `${fake.url}${path}`,
    rel,
    method,
  });
  const captureLinks = (captureId: string) => [link(`/v2/payments/captures/${captureId}`, "up")];

  function captureJson(c: FakeCapture) {
    return {
      id: c.id,
      status: c.status,
      amount: c.amount,
      final_capture: true,
      supplementary_data: { related_ids: { order_id: c.orderId } },
      create_time: new Date().toISOString(),
      links: [
        link(`/v2/payments/captures/${c.id}`, "self"),
        link(`/v2/payments/captures/${c.id}/refund`, "refund", "POST"),
        link(`/v2/checkout/orders/${c.orderId}`, "up"),
      ],
    };
  }

  function orderJson(o: FakeOrder) {
    const capture = o.captureId ? captures.get(o.captureId) : undefined;
    return {
      id: o.id,
      intent: o.intent,
      status: o.status,
      purchase_units: o.purchase_units.map((u) => ({
        ...u,
        ...(capture ? { payments: { captures: [captureJson(capture)] } } : {}),
      })),
      ...(o.status !== "CREATED"
        ? { payer: { payer_id: "FAKEPAYER", email_address: "buyer@example.com" } }
        : {}),
      links: [
        link(`/v2/checkout/orders/${o.id}`, "self"),
        { href: `${fake.url}/checkoutnow?token=${o.id}`, rel: "approve", method: "GET" },
        link(`/v2/checkout/orders/${o.id}/capture`, "capture", "POST"),
      ],
    };
  }

  function createOrder(body: Record<string, unknown>) {
    const units = body.purchase_units as Record<string, unknown>[] | undefined;
    const amount = units?.[0]?.amount as { currency_code?: string; value?: string } | undefined;
    if (body.intent !== "CAPTURE" && body.intent !== "AUTHORIZE") {
      return paypalError(400, "INVALID_REQUEST", "INVALID_PARAMETER_VALUE", "intent");
    }
    if (!amount?.currency_code || !/^\d+(\.\d{1,2})?$/.test(amount.value ?? "")) {
      return paypalError(400, "INVALID_REQUEST", "MISSING_REQUIRED_PARAMETER", "amount");
    }
    const order: FakeOrder = {
      id: id(),
      status: "CREATED",
      intent: body.intent,
      purchase_units: units!,
      amount: { currency_code: amount.currency_code, value: amount.value! },
      captureId: null,
    };
    orders.set(order.id, order);
    return { status: 201, body: orderJson(order) };
  }

  function captureOrder(order: FakeOrder) {
    if (order.status === "CREATED") {
      return paypalError(422, "UNPROCESSABLE_ENTITY", "ORDER_NOT_APPROVED");
    }
    if (order.status === "COMPLETED") {
      return paypalError(422, "UNPROCESSABLE_ENTITY", "ORDER_ALREADY_CAPTURED");
    }
    const capture: FakeCapture = {
      id: id(),
      orderId: order.id,
      amount: order.amount,
      refundedCents: 0,
      status: "COMPLETED",
    };
    captures.set(capture.id, capture);
    order.status = "COMPLETED";
    order.captureId = capture.id;
    raise("PAYMENT.CAPTURE.COMPLETED", "capture", captureJson(capture));
    return { status: 201, body: orderJson(order) };
  }

  function refund(capture: FakeCapture, body: Record<string, unknown>) {
    const left = cents(capture.amount.value) - capture.refundedCents;
    if (left <= 0) return paypalError(422, "UNPROCESSABLE_ENTITY", "CAPTURE_FULLY_REFUNDED");
    const asked = body.amount as { value?: string; currency_code?: string } | undefined;
    const amount = asked?.value ? cents(asked.value) : left;
    if (asked && asked.currency_code !== capture.amount.currency_code) {
      return paypalError(422, "UNPROCESSABLE_ENTITY", "REFUND_CURRENCY_MISMATCH");
    }
    if (amount <= 0 || amount > left) {
      return paypalError(422, "UNPROCESSABLE_ENTITY", "REFUND_AMOUNT_EXCEEDED");
    }
    capture.refundedCents += amount;
    capture.status = capture.refundedCents === cents(capture.amount.value)
      ? "REFUNDED"
      : "PARTIALLY_REFUNDED";
    const resource = {
      id: id(),
      status: "COMPLETED",
      amount: money(capture.amount.currency_code, amount),
      ...(typeof body.invoice_id === "string" ? { invoice_id: body.invoice_id } : {}),
      ...(typeof body.custom_id === "string" ? { custom_id: body.custom_id } : {}),
      links: captureLinks(capture.id),
    };
    raise("PAYMENT.CAPTURE.REFUNDED", "refund", resource);
    return { status: 201, body: resource };
  }

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    const path = url.pathname;
    if (req.method === "GET" && path.startsWith("/v1/notifications/certs/")) {
      return new Response(cert.pem, { headers: { "content-type": "application/x-pem-file" } });
    }
    if (path === "/v1/oauth2/token" && req.method === "POST") {
      const form = new URLSearchParams(await req.text());
      if (req.headers.get("authorization") !== basicAuth) {
        fake.unauthorized++;
        return Response.json({
          error: "invalid_client",
          error_description: "Client Authentication failed",
        }, { status: 401 });
      }
      if (form.get("grant_type") !== "client_credentials") {
        return Response.json({ error: "unsupported_grant_type" }, { status: 400 });
      }
      const token = `A21${id()}${id()}`;
      tokens.add(token);
      return Response.json({
        scope: "https://uri.paypal.com/services/payments/payment",
        access_token: token,
        token_type: "Bearer",
        app_id: "APP-FAKE",
        expires_in: 32400,
        nonce: id(),
      });
    }
    const bearer = req.headers.get("authorization")?.replace(/^Bearer /, "");
    if (!bearer || !tokens.has(bearer)) {
      fake.unauthorized++;
      return Response.json({
        error: "invalid_token",
        error_description: "Token signature verification failed",
      }, { status: 401 });
    }
    const requestId = req.headers.get("paypal-request-id");
    const key = requestId ? `${req.method} ${path}\n${requestId}` : null;
    const earlier = key ? answered.get(key) : undefined;
    if (earlier) return Response.json(earlier.body, { status: earlier.status });
    const body = req.method === "POST" ? await req.json().catch(() => ({})) : {};
    const answer = route(req.method, path, body ?? {});
    // A request id replays a request that succeeded; one that failed may be tried again.
    if (key && answer.status < 300) answered.set(key, answer);
    return Response.json(answer.body, { status: answer.status });
  });

  function route(method: string, path: string, body: Record<string, unknown>) {
    let m: RegExpMatchArray | null;
    if (method === "POST" && path === "/v2/checkout/orders") return createOrder(body);
    if ((m = path.match(/^\/v2\/checkout\/orders\/([A-Z0-9]+)(\/capture)?$/))) {
      const order = orders.get(m[1]);
      if (!order) return paypalError(404, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID");
      if (method === "GET" && !m[2]) return { status: 200, body: orderJson(order) };
      if (method === "POST" && m[2]) return captureOrder(order);
    }
    if ((m = path.match(/^\/v2\/payments\/captures\/([A-Z0-9]+)(\/refund)?$/))) {
      const capture = captures.get(m[1]);
      if (!capture) return paypalError(404, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID");
      if (method === "GET" && !m[2]) return { status: 200, body: captureJson(capture) };
      if (method === "POST" && m[2]) return refund(capture, body);
    }
    return paypalError(404, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID");
  }

  fake.close = () => server.shutdown();
  const url = `http://127.0.0.1:${server.addr.port}`;
  return Object.assign(fake, { url, certUrl: `${url}/v1/notifications/certs/CERT-${id()}` });
}
