/**
 * The VOPR's provider money: deposits a payment provider confirms by event
 * (once, twice, after a failure, followed by a late failure) and money it
 * takes back (a refund or a dispute, replayed, beyond what the bettor has:
 * the rest becomes debt, paid back by the next deposit), each optionally
 * killed mid-transaction and delivered again, as a provider retries a
 * webhook that got no answer. The model learns each movement from what the
 * harness computes itself (its own available balance), so a server that
 * credits twice, loses a credit or splits a claw-back wrongly breaks the
 * wallet or debt invariant.
 */
import {
  clawBack,
  createPayment,
  creditPayment,
  failPayment,
  findPayment,
  type ProviderEvent,
  recordEvent,
} from "../../payments/payments.ts";
import { armCrash, disarmCrash } from "./crash.ts";
import { Violation } from "./exec_bets.ts";
import { modelAvailable, nextId, type World } from "./world.ts";

export type Delivery = "once" | "duplicate" | "failed-first" | "failed-after";

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

const CRASHED =
  /vopr: simulated crash|57P01|administrator command|CONNECTION_CLOSED|CONNECTION_DESTROYED/;

/** Runs `deliver`; with `crash`, first kills it mid-transaction (the provider then delivers again). */
async function withCrash(
  w: World,
  point: "deposit" | "chargeback",
  crash: boolean,
  deliver: () => Promise<unknown>,
): Promise<void> {
  if (crash) {
    await armCrash(w.sql, point);
    let died = false;
    try {
      await deliver();
    } catch (err) {
      if (!CRASHED.test(String((err as Error)?.message ?? err))) throw err;
      died = true;
    }
    const fired = await disarmCrash(w.sql, point);
    if (fired !== died) {
      throw new Violation(
        `crash at ${point}: fired ${fired} but the delivery ${died ? "died" : "lived"}`,
      );
    }
    if (fired) w.crashes[point] = (w.crashes[point] ?? 0) + 1;
  }
  await deliver();
}

/** A provider event for the harness's payment: what a webhook delivers. */
function event(w: World, type: string, object: Record<string, unknown>): ProviderEvent {
  const id = nextId(w, "evt");
  return { provider: "stripe", id, type, payload: { id, type, data: { object } } };
}

export async function providerDeposit(w: World, op: ProviderDepositOp): Promise<void> {
  const user = w.bettors[op.user];
  const { ledger } = w.app.deps;
  w.standIns.add("provider-events");
  const { payment } = await createPayment(w.sql, {
    userId: user.id,
    provider: "stripe",
    amount: op.amount,
    currency: ledger.currency,
    idempotencyKey: nextId(w, "pay"),
  });
  const object = { id: `pi_${payment.id}`, amount: op.amount, metadata: { paymentId: payment.id } };
  const succeeded = event(w, "payment_intent.succeeded", object);
  const failed = event(w, "payment_intent.payment_failed", object);
  const fail = () =>
    w.sql.begin(async (tx) => {
      if (await recordEvent(tx, { ...failed, paymentId: payment.id })) {
        await failPayment(tx, payment.id, "failed", "card_declined");
      }
    });
  const before = (await modelAvailable(w))[op.user];
  let credits = 0;
  const succeed = async () => {
    const r = await w.sql.begin((tx) =>
      creditPayment(tx, ledger, { paymentId: payment.id, event: succeeded })
    );
    if (r.credited) credits++;
  };
  if (op.delivery === "failed-first") await fail();
  await withCrash(w, "deposit", op.crash, succeed);
  if (op.delivery === "duplicate") await succeed();
  if (op.delivery === "failed-after") await fail();
  if (credits !== 1) throw new Violation(`payment ${payment.id} was credited ${credits} times`);
  const state = (await findPayment(w.sql, { id: payment.id }))?.state;
  if (state !== "succeeded") {
    throw new Violation(`payment ${payment.id} is ${state} after its success`);
  }
  w.model.adjust(user.id, `pay:${payment.id}`, op.amount);
  const repay = Math.min(w.model.debtOf(user.id), before + op.amount);
  if (repay > 0) {
    w.model.adjust(user.id, `repay:${payment.id}`, -repay);
    w.model.owe(user.id, -repay);
  }
  w.notes.push(`credited ${op.amount}${repay ? `, ${repay} paid back debt` : ""}`);
}

export async function providerRefund(w: World, op: ProviderRefundOp): Promise<void> {
  const { ledger } = w.app.deps;
  const payment = await findPayment(w.sql, { id: op.payment });
  if (!payment) throw new Violation(`payment ${op.payment} is gone`);
  const left = payment.amount - payment.refunded;
  if (left <= 0) return;
  const amount = Math.max(1, Math.floor(left * op.fraction));
  const refundId = nextId(w, op.dispute ? "dp" : "re");
  const taken = event(w, op.dispute ? "charge.dispute.created" : "charge.refunded", {
    id: refundId,
    amount,
    payment_intent: payment.providerRef,
  });
  const userIndex = w.bettors.findIndex((b) => b.id === payment.userId);
  const before = (await modelAvailable(w))[userIndex];
  let applied = 0;
  const deliver = async () => {
    await w.sql.begin(async (tx) => {
      if (!(await recordEvent(tx, { ...taken, paymentId: payment.id }))) return;
      const r = await clawBack(tx, ledger, {
        paymentId: payment.id,
        amount,
        idPrefix: `chargeback:${refundId}`,
      });
      if (r.applied) applied++;
    });
  };
  await withCrash(w, "chargeback", op.crash, deliver);
  if (op.replay) await deliver();
  if (applied !== 1) throw new Violation(`refund ${refundId} was applied ${applied} times`);
  const fromUser = Math.min(before, amount);
  w.model.adjust(payment.userId, `cb:${refundId}`, -fromUser);
  w.model.owe(payment.userId, amount - fromUser);
  w.notes.push(`took back ${amount}: ${fromUser} from the wallet, ${amount - fromUser} owed`);
}
