/**
 * Test helper: how the fake Stripe delivers events to a webhook endpoint, as
 * Stripe does — `POST` of the event's JSON with a `Stripe-Signature` header
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload" under the endpoint
 * secret>`; any answer outside 2xx is tried again after a growing delay,
 * up to `maxAttempts`. Tests may hold deliveries back (a lost webhook),
 * deliver one again (a replay), twice at once (a duplicate) or in another
 * order, and sign with an old timestamp or another secret.
 */

export interface StripeEvent {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface Delivery {
  eventId: string;
  type: string;
  attempt: number;
  status: number | null;
}

export interface WebhookOptions {
  /** Where events go; unset, they wait in `pending` until an endpoint is set. */
  url?: string;
  secret: string;
  /** Tries of one event before giving up (Stripe tries for three days). */
  maxAttempts?: number;
  /** Delay before the try after `attempt` (ms). */
  backoffMs?: (attempt: number) => number;
}

const hex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

/** `Stripe-Signature` for `payload` signed at `t` (unix seconds) with `secret`. */
export async function stripeSignature(payload: string, secret: string, t: number): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${t}.${payload}`));
  return `t=${t},v1=${hex(mac)}`;
}

export function createWebhookSender(o: WebhookOptions) {
  let url = o.url ?? null;
  let holding = false;
  const maxAttempts = o.maxAttempts ?? 5;
  const backoffMs = o.backoffMs ?? ((attempt: number) => 50 * 2 ** attempt);
  /** Events not handed over yet (held, or waiting for an endpoint), oldest first. */
  const pending: StripeEvent[] = [];
  const deliveries: Delivery[] = [];
  const inFlight = new Set<Promise<void>>();
  let closed = false;

  /** One POST of `event`; the endpoint's status (0 when it could not be reached). */
  async function post(event: StripeEvent, options: { t?: number; secret?: string } = {}) {
    const payload = JSON.stringify(event, null, 2);
    const t = options.t ?? Math.floor(Date.now() / 1000);
    const signature = await stripeSignature(payload, options.secret ?? o.secret, t);
    const record: Delivery = { eventId: event.id, type: event.type, attempt: 0, status: null };
    try {
      const res = await fetch(url!, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "stripe-signature": signature,
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        },
        body: payload,
      });
      await res.body?.cancel();
      record.status = res.status;
    } catch {
      record.status = 0;
    }
    deliveries.push(record);
    return record;
  }

  /** Delivers `event`, trying again with backoff until a 2xx or `maxAttempts`. */
  function deliver(event: StripeEvent) {
    const run = (async () => {
      for (let attempt = 1; attempt <= maxAttempts && !closed; attempt++) {
        const d = await post(event);
        d.attempt = attempt;
        if (d.status! >= 200 && d.status! < 300) return;
        if (attempt < maxAttempts) await new Promise((r) => setTimeout(r, backoffMs(attempt)));
      }
    })();
    inFlight.add(run);
    run.finally(() => inFlight.delete(run));
  }

  return {
    pending,
    deliveries,
    /** Sends `event` now, or keeps it in `pending` while held or with no endpoint. */
    emit(event: StripeEvent) {
      if (holding || !url) pending.push(event);
      else deliver(event);
    },
    setUrl(next: string) {
      url = next;
    },
    /** From now on, events wait in `pending` (as if Stripe could not reach the endpoint). */
    hold() {
      holding = true;
    },
    /**
     * Stops holding and delivers the pending events, oldest first, or only
     * those named in `order`, in that order (the rest are lost).
     */
    release(order?: string[]) {
      holding = false;
      const events = order
        ? order.map((id) => pending.find((e) => e.id === id)!).filter(Boolean)
        : [...pending];
      pending.splice(0, pending.length);
      for (const e of events) deliver(e);
    },
    /** Drops the pending events: webhooks that never arrive. */
    lose() {
      pending.splice(0, pending.length);
    },
    /** Delivers `event` again, once, as a replay (retries as usual). */
    redeliver(event: StripeEvent) {
      deliver(event);
    },
    /** One delivery of `event` signed at `t` or with `secret` (no retries); its status. */
    async deliverSigned(event: StripeEvent, options: { t?: number; secret?: string }) {
      return (await post(event, options)).status;
    },
    /** Waits until every delivery under way has ended (answered 2xx or given up). */
    async settle() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    close() {
      closed = true;
    },
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;
