/**
 * Test helper: a local, stateful Stripe speaking the parts of its REST API
 * the product uses, on the wire as Stripe does, so the official `stripe` SDK
 * talks to it through its documented `host`/`port`/`protocol` options:
 *
 * - `Authorization: Bearer <secret key>` checked on every request (401 and
 *   Stripe's error body otherwise); form-encoded bodies with bracketed paths;
 * - `Idempotency-Key`: the same key with the same parameters answers the
 *   first response again (`Idempotent-Replayed: true`), with other parameters
 *   400 `idempotency_error`;
 * - PaymentIntents: create, retrieve, list (newest first, `created[gte|gt|lte|lt]`,
 *   `limit`, `starting_after`, `has_more`); refunds: create against a
 *   `payment_intent` or `charge` (partial, `metadata`), list by either;
 * - errors as `{error: {type, code, message, param}}`.
 *
 * Tests move PaymentIntents with `succeed`/`fail`, open and close disputes,
 * and steer webhook delivery (see fake_webhooks.ts); every change emits the
 * event Stripe would (`payment_intent.succeeded`, `…payment_failed`,
 * `charge.refunded`, `refund.created`, `charge.dispute.created`, `…closed`).
 */
import { canonical, type FormObject, parseStripeForm } from "./fake_form.ts";
import { createWebhookSender, type StripeEvent, type WebhookOptions } from "./fake_webhooks.ts";

type Obj = Record<string, unknown> & { id: string; created: number };

const API_VERSION = "2026-11-18.endive";

const rand = (n: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => (b % 36).toString(36)).join("");
const now = () => Math.floor(Date.now() / 1000);

class StripeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; message: string; code?: string; param?: string },
  ) {
    super(body.message);
  }
}

const invalid = (message: string, param?: string, code?: string) =>
  new StripeHttpError(400, { type: "invalid_request_error", message, param, code });
const missing = (kind: string, id: string, param: string) =>
  new StripeHttpError(404, {
    type: "invalid_request_error",
    code: "resource_missing",
    message: `No such ${kind}: '${id}'`,
    param,
  });

export function startFakeStripe(
  o: Partial<Pick<WebhookOptions, "url" | "maxAttempts" | "backoffMs">> = {},
) {
  const secretKey = `sk_test_${rand(24)}`;
  const publishableKey = `pk_test_${rand(24)}`;
  const webhookSecret = `whsec_${rand(32)}`;
  const webhooks = createWebhookSender({ ...o, secret: webhookSecret });
  const intents = new Map<string, Obj>();
  const charges = new Map<string, Obj>();
  const refunds = new Map<string, Obj>();
  const disputes = new Map<string, Obj>();
  const events = new Map<string, StripeEvent>();
  const idempotent = new Map<string, { request: string; status: number; body: string }>();
  let clock = 0;
  /** Creation order breaks ties of `created` (same second), as Stripe lists newest first. */
  const order = new Map<string, number>();
  /** Requests still to answer 500 (`failRequests`). */
  let failing = 0;

  function emit(type: string, object: Obj, request: { idempotencyKey?: string } = {}) {
    const event: StripeEvent = {
      id: `evt_${rand(24)}`,
      object: "event",
      api_version: API_VERSION,
      created: now(),
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: request.idempotencyKey ?? null },
      type,
    };
    events.set(event.id, event);
    webhooks.emit(event);
    return event;
  }

  function add<T extends Obj>(map: Map<string, Obj>, obj: T): T {
    map.set(obj.id, obj);
    order.set(obj.id, ++clock);
    return obj;
  }

  function intent(id: string, param = "intent") {
    const pi = intents.get(id);
    if (!pi) throw missing("payment_intent", id, param);
    return pi;
  }

  function chargeOf(pi: Obj) {
    const id = pi.latest_charge as string | null;
    if (!id || pi.status !== "succeeded") {
      throw invalid(
        `This PaymentIntent (${pi.id}) does not have a successful charge to refund.`,
        "payment_intent",
        "charge_not_refundable",
      );
    }
    return charges.get(id)!;
  }

  function createIntent(p: FormObject): Obj {
    const amount = Number(p.amount);
    if (p.amount === undefined) {
      throw invalid("Missing required param: amount.", "amount", "parameter_missing");
    }
    if (!Number.isInteger(amount)) throw invalid("Invalid integer: " + p.amount, "amount");
    if (amount < 50) {
      throw invalid("Amount must be at least $0.50 usd", "amount", "amount_too_small");
    }
    if (typeof p.currency !== "string") {
      throw invalid("Missing required param: currency.", "currency", "parameter_missing");
    }
    const id = `pi_${rand(24)}`;
    return add(intents, {
      id,
      object: "payment_intent",
      amount,
      amount_capturable: 0,
      amount_received: 0,
      automatic_payment_methods: p.automatic_payment_methods ?? null,
      capture_method: "automatic_async",
      client_secret: `${id}_secret_${rand(24)}`,
      confirmation_method: "automatic",
      created: now(),
      currency: p.currency.toLowerCase(),
      description: p.description ?? null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: p.metadata ?? {},
      payment_method: null,
      payment_method_types: p.payment_method_types ?? ["card"],
      status: "requires_payment_method",
    });
  }

  function createRefund(p: FormObject, idempotencyKey?: string): Obj {
    let pi: Obj;
    if (typeof p.payment_intent === "string") pi = intent(p.payment_intent, "payment_intent");
    else if (typeof p.charge === "string") {
      const ch = charges.get(p.charge);
      if (!ch) throw missing("charge", p.charge, "charge");
      pi = intent(ch.payment_intent as string);
    } else {throw invalid(
        "One of the following params should be provided for this request: payment_intent or charge.",
        undefined,
        "parameter_missing",
      );}
    const ch = chargeOf(pi);
    const left = (ch.amount as number) - (ch.amount_refunded as number);
    if (left <= 0) {
      throw invalid(
        `Charge ${ch.id} has already been refunded.`,
        undefined,
        "charge_already_refunded",
      );
    }
    const amount = p.amount === undefined ? left : Number(p.amount);
    if (!Number.isInteger(amount) || amount <= 0) {
      throw invalid("Invalid positive integer", "amount");
    }
    if (amount > left) {
      throw invalid(
        `Refund amount ($${amount / 100}) is greater than unrefunded amount on charge ($${
          left / 100
        })`,
        "amount",
        "amount_too_large",
      );
    }
    const refund = add(refunds, {
      id: `re_${rand(24)}`,
      object: "refund",
      amount,
      charge: ch.id,
      created: now(),
      currency: ch.currency,
      metadata: p.metadata ?? {},
      payment_intent: pi.id,
      reason: p.reason ?? null,
      status: "succeeded",
    });
    ch.amount_refunded = (ch.amount_refunded as number) + amount;
    ch.refunded = ch.amount_refunded === ch.amount;
    emit("charge.refunded", ch, { idempotencyKey });
    emit("refund.created", refund, { idempotencyKey });
    return refund;
  }

  /** Stripe's list envelope over `items` (newest first) with `limit`/`starting_after`. */
  function list(url: URL, items: Obj[], path: string, filter: (o: Obj) => boolean = () => true) {
    const q = parseStripeForm(url.search.slice(1));
    const limit = Math.min(100, Math.max(1, Number(q.limit ?? 10)));
    const created = (q.created ?? {}) as Record<string, string>;
    const within = (o: Obj) =>
      (created.gte === undefined || o.created >= Number(created.gte)) &&
      (created.gt === undefined || o.created > Number(created.gt)) &&
      (created.lte === undefined || o.created <= Number(created.lte)) &&
      (created.lt === undefined || o.created < Number(created.lt));
    let all = items.filter((o) => filter(o) && within(o))
      .sort((a, b) => b.created - a.created || order.get(b.id)! - order.get(a.id)!);
    if (typeof q.starting_after === "string") {
      const at = all.findIndex((o) => o.id === q.starting_after);
      if (at < 0) throw missing("object", q.starting_after, "starting_after");
      all = all.slice(at + 1);
    }
    return { object: "list", data: all.slice(0, limit), has_more: all.length > limit, url: path };
  }

  function route(req: Request, url: URL, p: FormObject, idempotencyKey?: string): unknown {
    const path = url.pathname;
    const post = req.method === "POST";
    let m: RegExpMatchArray | null;
    if (path === "/v1/payment_intents") {
      return post ? createIntent(p) : list(url, [...intents.values()], path);
    }
    if ((m = path.match(/^\/v1\/payment_intents\/([^/]+)$/)) && !post) return intent(m[1]);
    if (path === "/v1/refunds") {
      if (post) return createRefund(p, idempotencyKey);
      const q = parseStripeForm(url.search.slice(1));
      return list(
        url,
        [...refunds.values()],
        path,
        (r) =>
          (q.payment_intent === undefined || r.payment_intent === q.payment_intent) &&
          (q.charge === undefined || r.charge === q.charge),
      );
    }
    if ((m = path.match(/^\/v1\/refunds\/([^/]+)$/)) && !post) {
      return refunds.get(m[1]) ?? (() => {
        throw missing("refund", m![1], "id");
      })();
    }
    throw new StripeHttpError(404, {
      type: "invalid_request_error",
      message: `Unrecognized request URL (${req.method}: ${path}).`,
    });
  }

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      new Response(JSON.stringify(body), {
        status,
        headers: {
          "content-type": "application/json",
          "request-id": `req_${rand(14)}`,
          ...headers,
        },
      });
    const auth = req.headers.get("authorization");
    if (!auth) {
      return json(401, {
        error: { type: "invalid_request_error", message: "You did not provide an API key." },
      });
    }
    if (auth !== `Bearer ${secretKey}`) {
      const key = auth.replace(/^Bearer /, "");
      return json(401, {
        error: {
          type: "invalid_request_error",
          message: `Invalid API Key provided: ${key.slice(0, 8)}****${key.slice(-4)}`,
        },
      });
    }
    if (failing > 0) {
      failing--;
      return json(500, { error: { type: "api_error", message: "An unknown error occurred" } });
    }
    const text = req.method === "POST" ? await req.text() : "";
    const params = parseStripeForm(text);
    const key = req.method === "POST" ? req.headers.get("idempotency-key") ?? undefined : undefined;
    const request = `${req.method} ${url.pathname} ${canonical(params)}`;
    if (key) {
      const seen = idempotent.get(key);
      if (seen && seen.request !== request) {
        return json(400, {
          error: {
            type: "idempotency_error",
            message:
              "Keys for idempotent requests can only be used with the same parameters they " +
              `were first used with. Try using a key other than '${key}' if you meant to execute ` +
              "a different request.",
          },
        });
      }
      if (seen) {
        return new Response(seen.body, {
          status: seen.status,
          headers: { "content-type": "application/json", "idempotent-replayed": "true" },
        });
      }
    }
    let status = 200;
    let body: unknown;
    try {
      body = route(req, url, params, key);
    } catch (err) {
      if (!(err instanceof StripeHttpError)) throw err;
      status = err.status;
      body = { error: err.body };
    }
    if (key && status !== 404) idempotent.set(key, { request, status, body: JSON.stringify(body) });
    return json(status, body, key ? { "idempotency-key": key } : {});
  });

  const base = `http://127.0.0.1:${server.addr.port}`;
  return {
    url: base,
    /** The SDK's options that point it here. */
    sdkOptions: { host: "127.0.0.1", port: server.addr.port, protocol: "http" as const },
    secretKey,
    publishableKey,
    webhookSecret,
    webhooks,
    intents,
    refunds,
    events,
    /** The customer paid: the intent succeeds with a charge; emits `payment_intent.succeeded`. */
    succeed(piId: string): StripeEvent {
      const pi = intent(piId);
      const ch = add(charges, {
        id: `ch_${rand(24)}`,
        object: "charge",
        amount: pi.amount,
        amount_captured: pi.amount,
        amount_refunded: 0,
        created: now(),
        currency: pi.currency,
        disputed: false,
        metadata: pi.metadata,
        paid: true,
        payment_intent: pi.id,
        refunded: false,
        status: "succeeded",
      });
      Object.assign(pi, {
        status: "succeeded",
        amount_received: pi.amount,
        latest_charge: ch.id,
        last_payment_error: null,
        payment_method: `pm_${rand(24)}`,
      });
      return emit("payment_intent.succeeded", pi);
    },
    /** The card was declined: emits `payment_intent.payment_failed`. */
    fail(piId: string): StripeEvent {
      const pi = intent(piId);
      Object.assign(pi, {
        status: "requires_payment_method",
        last_payment_error: {
          type: "card_error",
          code: "card_declined",
          decline_code: "generic_decline",
          message: "Your card was declined.",
        },
      });
      return emit("payment_intent.payment_failed", pi);
    },
    /** The card holder disputes the charge: `charge.dispute.created`; its dispute. */
    dispute(piId: string, amount?: number): { dispute: Obj; event: StripeEvent } {
      const ch = chargeOf(intent(piId));
      ch.disputed = true;
      const dispute = add(disputes, {
        id: `dp_${rand(24)}`,
        object: "dispute",
        amount: amount ?? ch.amount,
        charge: ch.id,
        created: now(),
        currency: ch.currency,
        metadata: {},
        payment_intent: piId,
        reason: "fraudulent",
        status: "needs_response",
      });
      return { dispute, event: emit("charge.dispute.created", dispute) };
    },
    /** The refund failed (the bank sent it back): `refund.failed`, the charge's refunded amount restored. */
    failRefund(refundId: string): StripeEvent {
      const refund = refunds.get(refundId)!;
      refund.status = "failed";
      refund.failure_reason = "expired_or_canceled_card";
      const ch = charges.get(refund.charge as string)!;
      ch.amount_refunded = (ch.amount_refunded as number) - (refund.amount as number);
      ch.refunded = false;
      return emit("refund.failed", refund);
    },
    /** The dispute ends `won` or `lost`: `charge.dispute.closed`. */
    closeDispute(disputeId: string, outcome: "won" | "lost"): StripeEvent {
      const dispute = disputes.get(disputeId)!;
      dispute.status = outcome;
      return emit("charge.dispute.closed", dispute);
    },
    /** The next `n` requests answer 500 `api_error` (Stripe having trouble). */
    failRequests(n: number) {
      failing = n;
    },
    /** Sets `created` of an intent (seconds), as if it had been made then. */
    backdate(piId: string, created: number) {
      intent(piId).created = created;
    },
    async close() {
      webhooks.close();
      await webhooks.settle();
      await server.shutdown();
    },
  };
}

export type FakeStripe = ReturnType<typeof startFakeStripe>;
