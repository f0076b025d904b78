/**
 * Test helper: the fake Stripe's state and objects — PaymentIntents,
 * charges, refunds, disputes, events — made and moved as Stripe makes and
 * moves them, each change emitting its event through the webhook sender.
 * The HTTP side (auth, idempotency, routes) is in fake_stripe.ts.
 */
import { type FormObject, parseStripeForm } from "./fake_form.ts";
import type { StripeEvent, WebhookSender } from "./fake_webhooks.ts";

export type Obj = Record<string, unknown> & { id: string; created: number };

const API_VERSION = "2026-11-18.endive";

export const rand = (n: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => (b % 36).toString(36)).join("");
const now = () => Math.floor(Date.now() / 1000);

export class StripeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; message: string; code?: string; param?: string },
  ) {
    super(body.message);
  }
}

const invalid = (message: string, param?: string, code?: string) =>
  new StripeHttpError(400, { type: "invalid_request_error", message, param, code });
export const missing = (kind: string, id: string, param: string) =>
  new StripeHttpError(404, {
    type: "invalid_request_error",
    code: "resource_missing",
    message: `No such ${kind}: '${id}'`,
    param,
  });

export function createFakeStore(webhooks: WebhookSender) {
  const intents = new Map<string, Obj>();
  const charges = new Map<string, Obj>();
  const refunds = new Map<string, Obj>();
  const disputes = new Map<string, Obj>();
  const events = new Map<string, StripeEvent>();
  let clock = 0;
  /** Creation order breaks ties of `created` (same second), as Stripe lists newest first. */
  const order = new Map<string, number>();

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

  /** The intent a refund's params name, by `payment_intent` or `charge`. */
  function refundTarget(p: FormObject): Obj {
    if (typeof p.payment_intent === "string") return intent(p.payment_intent, "payment_intent");
    if (typeof p.charge === "string") {
      const ch = charges.get(p.charge);
      if (!ch) throw missing("charge", p.charge, "charge");
      return intent(ch.payment_intent as string);
    }
    throw invalid(
      "One of the following params should be provided for this request: payment_intent or charge.",
      undefined,
      "parameter_missing",
    );
  }

  function createRefund(p: FormObject, idempotencyKey?: string): Obj {
    const pi = refundTarget(p);
    const ch = chargeOf(pi);
    const open = [...disputes.values()].some((d) =>
      d.charge === ch.id && !["won", "lost"].includes(d.status as string)
    );
    if (open) {
      throw invalid(
        `Charge ${ch.id} has been charged back; cannot issue a refund.`,
        undefined,
        "charge_disputed",
      );
    }
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

  return {
    intents,
    charges,
    refunds,
    disputes,
    events,
    intent,
    createIntent,
    createRefund,
    list,
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
    /** Sets `created` of an intent (seconds), as if it had been made then. */
    backdate(piId: string, created: number) {
      intent(piId).created = created;
    },
  };
}
