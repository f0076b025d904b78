/**
 * The VOPR's withdrawals, through the API as a bettor and staff use it: a
 * request (within the balance, or more than there is: refused with nothing
 * held), sometimes killed mid-transaction and sent again with its key;
 * staff approving (the payout waits for staff with no provider set up),
 * rejecting or marking it paid by hand; the bettor cancelling. The model
 * learns each withdrawal the API took; the invariants read every
 * withdrawal's state and expect the wallet to show its amount held, gone, or
 * back accordingly.
 */
import { armCrash, disarmCrash } from "./crash.ts";
import { Violation } from "./exec_bets.ts";
import { drain } from "./exec_lanes.ts";
import { type Answer, modelAvailable, nextId, type World } from "./world.ts";

export interface WithdrawOp {
  user: number;
  /** Share of the available balance (above 1: more than there is). */
  fraction: number;
  crash: boolean;
}

export interface WithdrawalStepOp {
  id: string;
  action: "approve" | "reject" | "mark-paid" | "cancel";
}

function expect(cond: boolean, what: string, a: Answer): void {
  if (!cond) {
    throw new Violation(`${what}: got ${a.status} ${JSON.stringify(a.body)?.slice(0, 300)}`);
  }
}

export async function withdraw(w: World, op: WithdrawOp): Promise<void> {
  const user = w.bettors[op.user];
  const available = (await modelAvailable(w))[op.user];
  const amount = Math.max(1, Math.floor(available * op.fraction));
  const body = { amount, idempotencyKey: nextId(w, "wd") };
  const send = () => w.request("POST", "/api/wallet/withdrawals", user, body);
  let a: Answer;
  if (op.crash && amount <= available) {
    await armCrash(w.sql, "withdrawal");
    try {
      a = await send();
    } finally {
      if (await disarmCrash(w.sql, "withdrawal")) {
        w.crashes.withdrawal = (w.crashes.withdrawal ?? 0) + 1;
      }
    }
    if (a.status === 404 && a.body?.code === "not_found") return; // no withdrawals on this branch
    expect(a.status === 500 || a.status === 201, "a withdrawal killed mid-way", a);
  }
  a = await send();
  if (a.status === 404 && a.body?.code === "not_found") return;
  if (amount > available) {
    expect(
      a.status === 422 && a.body?.code === "insufficient-funds",
      `withdrawing ${amount} of ${available} must be refused`,
      a,
    );
    return;
  }
  expect(a.status === 201 || a.status === 200, `withdrawing ${amount} of ${available}`, a);
  const id = String((a.body?.withdrawal as { id?: string } | undefined)?.id);
  w.model.withdrawal(id, user.id, amount);
  w.notes.push(`withdrawal ${id.slice(0, 8)} of ${amount} held`);
  const again = await send();
  expect(
    again.status === 200 || again.status === 201,
    "the same withdrawal key again answers the first",
    again,
  );
  const same = (again.body?.withdrawal as { id?: string } | undefined)?.id;
  if (same !== id) throw new Violation(`the same key made a second withdrawal ${same} after ${id}`);
}

const PATHS: Record<WithdrawalStepOp["action"], (id: string) => string> = {
  approve: (id) => `/api/staff/withdrawals/${id}/approve`,
  reject: (id) => `/api/staff/withdrawals/${id}/reject`,
  "mark-paid": (id) => `/api/staff/withdrawals/${id}/mark-paid`,
  cancel: (id) => `/api/wallet/withdrawals/${id}/cancel`,
};

/** Which states each action may start from (any other answers 409 and changes nothing). */
const FROM: Record<WithdrawalStepOp["action"], string[]> = {
  approve: ["requested"],
  reject: ["requested", "approved"],
  "mark-paid": ["requested", "approved"],
  cancel: ["requested"],
};

export async function withdrawalStep(w: World, op: WithdrawalStepOp): Promise<void> {
  const [row] = await w.sql<{ state: string; user_id: string }[]>`
    select state, user_id from withdrawals where id = ${op.id}`;
  if (!row) throw new Violation(`withdrawal ${op.id} is gone`);
  const who = op.action === "cancel" ? w.bettors.find((b) => b.id === row.user_id)! : w.staff;
  const body = op.action === "reject"
    ? { reason: "VOPR says no" }
    : op.action === "mark-paid"
    ? { reference: `vopr-bank-${op.id.slice(0, 8)}` }
    : {};
  const a = await w.request("POST", PATHS[op.action](op.id), who, body);
  await drain(w); // an approval's payout runs from the outbox
  const [after] = await w.sql<
    { state: string }[]
  >`select state from withdrawals where id = ${op.id}`;
  if (a.status >= 200 && a.status < 300) {
    if (!FROM[op.action].includes(row.state)) {
      // A server may allow more than the harness expects; the money invariants still judge it.
      w.notes.push(`${op.action} from ${row.state} allowed`);
    }
  } else {
    expect(a.status === 409 || a.status === 400, `${op.action} of a ${row.state} withdrawal`, a);
    if (after.state !== row.state) {
      throw new Violation(
        `${op.action} was refused but the withdrawal went ${row.state} → ${after.state}`,
      );
    }
  }
  w.notes.push(`withdrawal ${op.id.slice(0, 8)} ${row.state} → ${after.state}`);
}
