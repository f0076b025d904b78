/**
 * Texts through Twilio's official SDK. `TWILIO_API_BASE` (tests: the fake
 * Twilio server) replaces the scheme and host of every request the SDK makes,
 * through the SDK's supported extension point, a custom `httpClient`
 * (a `RequestClient` subclass); paths, form encoding and auth stay the SDK's.
 */
import twilio from "twilio";
import type { ServerConfig } from "../config.ts";

export interface SmsMessage {
  to: string;
  body: string;
  /** Public address of an image Twilio fetches and sends as MMS media. */
  mediaUrl?: string | null;
}

export interface SmsSender {
  /** Hands the message to the provider; its id there. */
  send(message: SmsMessage): Promise<string>;
  /** The provider's id of a message with this number and body it already took, or null. */
  findSent(message: SmsMessage): Promise<string | null>;
}

/** Messages of a number looked through when checking for an earlier send. */
const LOOKBACK = 50;

/** A `RequestClient` that sends every request to `base` instead of Twilio's hosts. */
class BaseUrlClient extends twilio.RequestClient {
  readonly #base: URL;
  constructor(base: string) {
    super();
    this.#base = new URL(base);
  }
  // deno-lint-ignore no-explicit-any
  override request(opts: RequestOptions): Promise<any> {
    const uri = new URL(opts.uri);
    uri.protocol = this.#base.protocol;
    uri.host = this.#base.host;
    return super.request({ ...opts, uri: uri.href });
  }
}

type RequestOptions = Parameters<InstanceType<typeof twilio.RequestClient>["request"]>[0];

type TwilioConfig =
  & Pick<
    ServerConfig,
    "TWILIO_ACCOUNT_SID" | "TWILIO_AUTH_TOKEN" | "TWILIO_FROM" | "TWILIO_API_BASE"
  >
  & Partial<Pick<ServerConfig, "PUBLIC_URL" | "TWILIO_STATUS_CALLBACKS">>;

/** Where Twilio posts delivery statuses (`POST /api/webhooks/twilio`), or null when not asked for. */
export function statusCallbackUrl(config: TwilioConfig): string | null {
  if (!config.PUBLIC_URL || config.TWILIO_STATUS_CALLBACKS === false) return null;
  return new URL("/api/webhooks/twilio", config.PUBLIC_URL).href;
}

/** The Twilio sender of `config`, or null when Twilio is not configured (texts are held). */
export function twilioSender(config: TwilioConfig): SmsSender | null {
  const { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: token, TWILIO_FROM: from } = config;
  if (!sid || !token || !from) return null;
  const client = twilio(sid, token, {
    httpClient: config.TWILIO_API_BASE ? new BaseUrlClient(config.TWILIO_API_BASE) : undefined,
  });
  const statusCallback = statusCallbackUrl(config);
  return {
    async send({ to, body, mediaUrl }) {
      const sent = await client.messages.create({
        to,
        from,
        body,
        ...(mediaUrl ? { mediaUrl: [mediaUrl] } : {}),
        ...(statusCallback ? { statusCallback } : {}),
      });
      return sent.sid;
    },
    async findSent({ to, body }) {
      const recent = await client.messages.list({ to, from, limit: LOOKBACK });
      return recent.find((m) => m.body === body)?.sid ?? null;
    },
  };
}
