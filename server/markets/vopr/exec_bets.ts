/**
 * The VOPR's money operations: deposits and bets (several at once, racing
 * for the same pools and the same wallets), each answer judged against what
 * the harness knows when it is certain, and every accepted bet or deposit
 * taken into the money model.
 */
import { MAX_STAKE } from "../../../core/markets.ts";
import type { BetIntent } from "./ops.ts";
import { standInDeposit } from "./stand_ins.ts";
import { type Actor, type Answer, modelAvailable, nextId, type World } from "./world.ts";

/**
 * Every deposit (sandbox or provider) first pays back what its user owes,
 * from what they then have: the model follows. Returns what was paid back.
 */
export function repayDebt(w: World, userId: string, key: string, available: number): number {
  const repay = Math.min(w.model.debtOf(userId), available);
  if (repay > 0) {
    w.model.adjust(userId, `repay:${key}`, -repay);
    w.model.owe(userId, -repay);
  }
  return repay;
}

/** An answer the harness knows to be wrong. */
export class Violation extends Error {
  override name = "Violation";
}

const isProblem = (a: Answer) => a.contentType.includes("application/problem+json");
const code = (a: Answer) => String(a.body?.code ?? "");

function expect(cond: boolean, what: string, a: Answer): void {
  if (!cond) {
    throw new Violation(`${what}: got ${a.status} ${JSON.stringify(a.body)?.slice(0, 300)}`);
  }
}

export async function deposit(
  w: World,
  op: { user: number; amount: number; reuseKey: boolean; bad: boolean },
): Promise<void> {
  const user = w.bettors[op.user];
  const earlier = w.depositKeys.filter((d) => d.user === op.user);
  const reuse = op.reuseKey && earlier.length ? earlier[earlier.length - 1] : null;
  const key = reuse?.key ?? nextId(w, "dep");
  const amount = op.bad ? [0, -500, 12.5, 10_000_000][w.counter % 4] : reuse?.amount ?? op.amount;
  const before = (await modelAvailable(w))[op.user];
  const a = await w.request("POST", "/api/wallet/deposits", user, {
    amount,
    provider: "sandbox",
    idempotencyKey: key,
  });
  if (a.status === 404 && !a.body?.code?.toString().startsWith("unknown_")) {
    // No deposit route on this branch yet.
    if (op.bad) return;
    await standInDeposit(w, user.id, key, amount);
  } else if (op.bad) {
    expect(a.status === 400 && isProblem(a), `deposit of ${amount} must be refused`, a);
    return;
  } else expect(a.status === 200 || a.status === 201, `deposit of ${amount}`, a);
  if (w.model.deposit(user.id, key, amount)) repayDebt(w, user.id, key, before + amount);
  if (!reuse) w.depositKeys.push({ user: op.user, key, amount });
}

interface Prepared {
  intent: BetIntent;
  who: Actor | null;
  body: unknown;
  /** Statuses the answer may have; `accept` when a 201 is possible. */
  allowed: number[];
  codes?: string[];
  replayOf?: string;
  why: string;
}

function prepare(w: World, i: BetIntent, available: number[], racing: boolean): Prepared {
  const user = w.bettors[i.user];
  const m = w.markets.get(i.market);
  const version = !m
    ? 1
    : i.version === "stale"
    ? (m.version > 1 ? m.version - 1 : m.version + 1)
    : m.version;
  let body: Record<string, unknown> = {
    marketId: i.market,
    outcome: i.outcome,
    stake: i.stake,
    marketVersion: version,
    idempotencyKey: nextId(w, "bet"),
  };
  const mine = [...w.betKeys.entries()].filter(([, v]) => v.user === i.user);
  if (i.key !== "fresh" && mine.length && !i.bad) {
    const [key, first] = mine[w.counter % mine.length];
    if (i.key === "reuse-same") {
      return {
        intent: i,
        who: user,
        body: first.body,
        allowed: [200],
        replayOf: first.betId,
        why: `replay of key ${key}`,
      };
    }
    body = { ...first.body, stake: Number(first.body.stake) + 1 };
    return {
      intent: i,
      who: user,
      body,
      allowed: [400],
      codes: ["idempotency_key_reused"],
      why: `key ${key} with another body`,
    };
  }
  if (i.bad) return prepareBad(w, i, body, user);
  if (!m) return { intent: i, who: user, body, allowed: [404], why: "unknown market" };
  if (i.stake > MAX_STAKE) {
    return { intent: i, who: user, body, allowed: [400], why: "stake above the maximum" };
  }
  const open = m.state === "open";
  if (!open) {
    return {
      intent: i,
      who: user,
      body,
      allowed: [409],
      codes: ["market-suspended"],
      why: `market ${m.state}`,
    };
  }
  if (version !== m.version) {
    return {
      intent: i,
      who: user,
      body,
      allowed: [409],
      codes: ["market-version-stale", "market-suspended"],
      why: "stale version",
    };
  }
  const allowed: number[] = [];
  // Certain when no other bet of this batch competes for the same money; a racing
  // suspension may free money (past-posted bets voided) while the bet is placed.
  if (i.stake <= available[i.user] || racing) allowed.push(201);
  if (i.stake > available[i.user] || racing) allowed.push(422);
  if (racing) allowed.push(409);
  return { intent: i, who: user, body, allowed, why: `stake ${i.stake} of ${available[i.user]}` };
}

function prepareBad(w: World, i: BetIntent, body: Record<string, unknown>, user: Actor): Prepared {
  const p = (b: unknown, allowed: number[], who: Actor | null = user, codes?: string[]) => ({
    intent: i,
    who,
    body: b,
    allowed,
    codes,
    why: `bad: ${i.bad}`,
  });
  switch (i.bad!) {
    case "negative-stake":
      return p({ ...body, stake: -i.stake }, [400]);
    case "zero-stake":
      return p({ ...body, stake: 0 }, [400]);
    case "fractional-stake":
      return p({ ...body, stake: i.stake + 0.5 }, [400]);
    case "huge-stake":
      return p({ ...body, stake: MAX_STAKE * 1000 }, [400]);
    case "string-stake":
      return p({ ...body, stake: String(i.stake) }, [400]);
    case "unknown-outcome":
      if (!w.markets.has(i.market)) return p({ ...body, outcome: "maybe" }, [404]);
      return p({ ...body, outcome: "maybe" }, [400, 409], user, [
        "unknown_outcome",
        "market-suspended",
        "market-version-stale",
      ]);
    case "unknown-market":
      return p({ ...body, marketId: crypto.randomUUID() }, [404]);
    case "bad-key":
      return p({ ...body, idempotencyKey: "no spaces allowed" }, [400]);
    case "extra-field":
      return p({ ...body, odds: 99 }, [400]);
    case "signed-out":
      return p(body, [401], null);
    case "staff":
      return p(body, [403], w.staff, ["staff_may_not_bet"]);
    case "spectator":
      return p(body, [403], w.spectator, ["not_a_bettor"]);
  }
}

/**
 * Places the bets at once. `racing`: something else (a lane event) runs
 * alongside, so a bet may meet the market open or suspended.
 */
export async function placeBets(
  w: World,
  intents: BetIntent[],
  racing = false,
  crash = false,
): Promise<void> {
  const available = await modelAvailable(w);
  // Bets of one bettor in the same batch compete: a 201 is no longer certain for any of them.
  const prepared = intents.map((i) => prepare(w, i, available, racing));
  const perUser = new Map<number, number>();
  for (const p of prepared) {
    if (p.allowed.includes(201)) {
      perUser.set(p.intent.user, (perUser.get(p.intent.user) ?? 0) + 1);
    }
  }
  for (const p of prepared) {
    if (
      p.allowed.includes(201) && (perUser.get(p.intent.user) ?? 0) > 1 && !p.allowed.includes(422)
    ) {
      p.allowed.push(422);
    }
  }
  const answers = await Promise.all(
    prepared.map((p) => w.request("POST", "/api/bets", p.who, p.body)),
  );
  // A bet whose transaction was killed answers 500 and must leave nothing (the invariants check).
  answers.forEach((a, k) => crash && a.status >= 500 ? undefined : judge(w, prepared[k], a));
}

function judge(w: World, p: Prepared, a: Answer): void {
  const what = `POST /api/bets (${p.why}) ${JSON.stringify(p.body)}`;
  expect(p.allowed.includes(a.status), `${what} expected ${p.allowed.join("|")}`, a);
  if (a.status >= 400) {
    expect(isProblem(a), `${what}: problem+json`, a);
    if (p.codes && a.status !== 401) {
      expect(p.codes.includes(code(a)), `${what}: code ${p.codes.join("|")}`, a);
    }
    return;
  }
  const bet = (a.body?.bet ?? a.body) as Record<string, unknown>;
  if (p.replayOf) {
    expect(bet?.id === p.replayOf, `${what}: the first bet ${p.replayOf}`, a);
    return;
  }
  const body = p.body as Record<string, unknown>;
  const user = w.bettors[p.intent.user];
  w.model.betAccepted({
    id: String(bet.id),
    userId: user.id,
    marketId: String(body.marketId),
    outcome: String(body.outcome),
    stake: Number(body.stake),
  });
  w.betKeys.set(String(body.idempotencyKey), { user: p.intent.user, body, betId: String(bet.id) });
}

/** Someone else's bet reads as unknown (404), never as theirs. */
export async function someoneElsesBet(w: World, op: { user: number; bet: string }): Promise<void> {
  const a = await w.request("GET", `/api/bets/${op.bet}`, w.bettors[op.user]);
  expect(a.status === 404 && isProblem(a), `GET someone else's bet ${op.bet}`, a);
}
