/**
 * The VOPR's provider money, through the real Stripe path: a deposit started
 * with `POST /api/wallet/deposits {provider: "stripe"}` (a PaymentIntent in
 * the fake Stripe server, server/payments/stripe/fake_stripe.ts), confirmed
 * by `payment_intent.succeeded` delivered to `POST /api/webhooks/stripe` with
 * Stripe's real signature — once, twice, after a decline, or with a decline
 * arriving late — and money Stripe takes back (a refund made at Stripe, a
 * dispute: the rest beyond the balance becomes debt, paid back by the next
 * deposit), replayed. A delivery can be killed mid-transaction; Stripe then
 * delivers it again. The model learns each movement from what the harness
 * computes itself (its own available balance), so a server that credits
 * twice, loses a credit or splits a claw-back wrongly breaks the wallet or
 * debt invariant.
 */
import type { FakeStripe } from "../../payments/stripe/fake_stripe.ts";
import { type StripeEvent, stripeSignature } from "../../payments/stripe/fake_webhooks.ts";
import { armCrash, type CrashPoint, disarmCrash } from "./crash.ts";
import { repayDebt, Violation } from "./exec_bets.ts";
import { type Answer, modelAvailable, nextId, type World } from "./world.ts";

export type Delivery = "once" | "duplicate" | "failed-first" | "failed-late";

export interface ProviderDepositOp {
  user: number;
  amount: number;
  delivery: Delivery;
  crash: boolean;
}

export interface ProviderRefundOp {
  payment: string;
  /** Share of what is left of the payment to take back (0–1). */
  fraction: number;
  dispute: boolean;
  replay: boolean;
  crash: boolean;
}

function stripeOf(w: World): FakeStripe {
  if (!w.stripe) throw new Error("The VOPR's world has no fake Stripe");
  return w.stripe;
}

/** Takes the events Stripe has waiting for the endpoint (the harness delivers them itself). */
function takePending(w: World): StripeEvent[] {
  const pending = stripeOf(w).webhooks.pending;
  return pending.splice(0, pending.length);
}

/** One signed delivery of `event` to the webhook route; its answer. */
async function deliver(w: World, event: StripeEvent): Promise<Answer> {
  const stripe = stripeOf(w);
  const payload = JSON.stringify(event);
  const signature = await stripeSignature(
    payload,
    stripe.webhookSecret,
    Math.floor(Date.now() / 1000),
  );
  const res = await w.app.app.request("/api/webhooks/stripe", {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature },
    body: payload,
  });
  const text = await res.text();
  let body: Record<string, unknown> | null = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch { /* not JSON */ }
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", body };
}

/** Delivers `event` until Stripe would stop: a 2xx. With `crash`, the first delivery dies mid-way. */
async function deliverUntilTaken(
  w: World,
  event: StripeEvent,
  crash: CrashPoint | null,
): Promise<void> {
  if (crash) {
    await armCrash(w.sql, crash);
    let a: Answer;
    try {
      a = await deliver(w, event);
    } finally {
      if (await disarmCrash(w.sql, crash)) w.crashes[crash] = (w.crashes[crash] ?? 0) + 1;
    }
    if (a.status < 500 && (a.status < 200 || a.status > 299)) {
      throw new Violation(`webhook ${event.type} answered ${a.status}: ${JSON.stringify(a.body)}`);
    }
  }
  const a = await deliver(w, event);
  if (a.status < 200 || a.status > 299) {
    throw new Violation(`webhook ${event.type} answered ${a.status}: ${JSON.stringify(a.body)}`);
  }
}

export async function providerDeposit(w: World, op: ProviderDepositOp): Promise<void> {
  const stripe = stripeOf(w);
  const user = w.bettors[op.user];
  const a = await w.request("POST", "/api/wallet/deposits", user, {
    amount: op.amount,
    provider: "stripe",
    idempotencyKey: nextId(w, "pay"),
  });
  if (a.status !== 201) throw new Violation(`stripe deposit answered ${a.status}`);
  const deposit = a.body!.deposit as { id: string; state: string };
  const pi = (a.body!.stripe as { paymentIntentId: string }).paymentIntentId;
  if (deposit.state !== "created") throw new Violation(`a new deposit is ${deposit.state}`);
  const before = (await modelAvailable(w))[op.user];

  let declined: StripeEvent[] = [];
  if (op.delivery === "failed-first" || op.delivery === "failed-late") {
    stripe.fail(pi);
    declined = takePending(w);
    if (op.delivery === "failed-first") {
      for (const e of declined) await deliverUntilTaken(w, e, null);
    }
  }
  stripe.succeed(pi);
  const paid = takePending(w);
  for (const e of paid) await deliverUntilTaken(w, e, op.crash ? "deposit" : null);
  if (op.delivery === "duplicate") { for (const e of paid) await deliverUntilTaken(w, e, null); }
  if (op.delivery === "failed-late") {
    for (const e of declined) {
      await deliverUntilTaken(w, e, null);
    }
  }

  const [row] = await w.sql<{ state: string; credits: number }[]>`
    select p.state, (select count(*)::int from ledger_transfers t
      where t.id = 'deposit:' || p.id::text) as credits
    from payments p where p.id = ${deposit.id}`;
  if (row?.state !== "succeeded" || row.credits !== 1) {
    throw new Violation(`deposit ${deposit.id} is ${row?.state} with ${row?.credits} credits`);
  }
  w.model.adjust(user.id, `pay:${deposit.id}`, op.amount);
  const repay = repayDebt(w, user.id, deposit.id, before + op.amount);
  w.notes.push(`credited ${op.amount}${repay ? `, ${repay} paid back debt` : ""}`);
}

export async function providerRefund(w: World, op: ProviderRefundOp): Promise<void> {
  const stripe = stripeOf(w);
  const [p] = await w.sql<
    { user_id: string; provider_ref: string; amount: string; refunded: string }[]
  >`select user_id, provider_ref, amount, refunded from payments where id = ${op.payment}`;
  if (!p) throw new Violation(`payment ${op.payment} is gone`);
  const left = Number(p.amount) - Number(p.refunded);
  if (left <= 0) return;
  const amount = Math.max(1, Math.floor(left * op.fraction));
  try {
    if (op.dispute) stripe.dispute(p.provider_ref, amount);
    else stripe.createRefund({ payment_intent: p.provider_ref, amount: String(amount) });
  } catch (err) {
    // Stripe refuses a refund of a charge under dispute, or one already refunded in full.
    w.notes.push(`Stripe refused: ${(err as Error).message}`);
    return;
  }
  const userIndex = w.bettors.findIndex((b) => b.id === p.user_id);
  const before = (await modelAvailable(w))[userIndex];
  const events = takePending(w);
  for (const e of events) {
    await deliverUntilTaken(w, e, op.crash ? (op.dispute ? "dispute" : "refund") : null);
  }
  if (op.replay) { for (const e of events) await deliverUntilTaken(w, e, null); }
  const fromUser = Math.min(before, amount);
  const key = `cb:${events.map((e) => e.id).join(",")}`;
  w.model.adjust(p.user_id, key, -fromUser);
  w.model.owe(p.user_id, amount - fromUser);
  w.notes.push(`took back ${amount}: ${fromUser} from the wallet, ${amount - fromUser} owed`);
}
