/**
 * The VOPR's staff and failure operations: a market voided or suspended by
 * hand, a shot in review confirmed / overridden / voided, a recorded ball
 * corrected after its markets paid out, the finalizer's tick, and simulated
 * crashes (a bet, or settlement, dying mid-transaction) followed by a re-drain.
 */
import { pinsOf, standingOf } from "../../../core/pins.ts";
import { armCrash, type CrashPoint, disarmCrash } from "./crash.ts";
import { placeBets, Violation } from "./exec_bets.ts";
import { afterDrain, drain, leave } from "./exec_lanes.ts";
import type { BetIntent } from "./ops.ts";
import { type Answer, ballMarkets, refreshMarkets, type World } from "./world.ts";

function must(a: Answer, ok: number[], what: string): void {
  if (!ok.includes(a.status)) {
    throw new Violation(
      `${what}: expected ${ok.join("|")}, got ${a.status} ${JSON.stringify(a.body)?.slice(0, 300)}`,
    );
  }
}

export async function staffVoid(w: World, marketId: string): Promise<void> {
  const m = w.markets.get(marketId);
  const a = await w.request("POST", `/api/markets/${marketId}/void`, w.staff, {
    reason: "VOPR staff void",
  });
  const ok = m?.state === "open" || m?.state === "suspended"
    ? [200]
    : m?.state === "finalized" || m?.state === "void"
    ? [409]
    : [200, 409];
  must(a, ok, `void market ${marketId} (${m?.state})`);
  await refreshMarkets(w);
}

export async function staffSuspend(w: World, marketId: string): Promise<void> {
  const m = w.markets.get(marketId);
  const a = await w.request("POST", `/api/markets/${marketId}/suspend`, w.staff);
  must(a, m?.state === "open" ? [200] : [409], `suspend market ${marketId} (${m?.state})`);
  await refreshMarkets(w);
}

export async function review(
  w: World,
  op: { shot: string; action: "confirm" | "override" | "void"; pins: number },
): Promise<void> {
  const lane = w.lanes.find((l) => l.ball?.shotId === op.shot);
  const body = op.action === "confirm" ? { action: "confirm" } : op.action === "override"
    ? {
      action: "override",
      standing: leave(lane?.ball?.standing ?? 1023, op.pins),
      foul: false,
      reason: "VOPR override",
    }
    : { action: "void", reason: "VOPR void" };
  const a = await w.request("POST", `/api/markets/reviews/${op.shot}`, w.staff, body);
  if (a.status === 404 && a.body?.code === "not_found") return await standInReview(w, op);
  must(a, [200, 201, 409], `review ${op.shot} ${op.action}`);
  if (a.status === 409) {
    // A correction of an earlier ball moved the turn on: the AI's ball cannot be recorded as
    // it was. Staff void the review (its markets refund) and key in the ball that is next.
    const v = await w.request("POST", `/api/markets/reviews/${op.shot}`, w.staff, {
      action: "void",
      reason: "VOPR void after the turn moved",
    });
    must(v, [200, 201, 409], `void review ${op.shot}`);
    await drain(w);
    return await keyBallIn(w, op.shot, op.pins);
  }
  await drain(w);
  // A voided review records no ball: staff then key the ball in by hand, and the game goes on.
  if (lane && lane.phase === "review" && op.action === "void") await keyBallIn(w, op.shot, op.pins);
}

async function keyBallIn(w: World, shotId: string, pins: number, standing?: number) {
  const lane = w.lanes.find((l) => l.ball?.shotId === shotId)!;
  // The rack the ball faces now (a correction of an earlier ball may have changed it).
  const sheet = (await w.request("GET", `/api/sessions/${lane.sessionId}`, null)).body as {
    turn: { pinsStanding: number[] } | null;
  };
  const rack = standingOf(sheet.turn?.pinsStanding ?? []);
  const pinsStanding = pinsOf(standing === undefined ? leave(rack, pins) : standing & rack);
  must(
    await w.request("POST", `/api/sessions/${lane.sessionId}/balls`, w.staff, { pinsStanding }),
    [201],
    `key in the ball of shot ${shotId}`,
  );
  await drain(w);
  lane.phase = "idle";
  w.reviews.delete(shotId);
}

/** Without the review routes: staff key the ball in (confirm: as the AI saw it) or void its markets first. */
async function standInReview(
  w: World,
  op: { shot: string; action: "confirm" | "override" | "void"; pins: number },
) {
  w.standIns.add("review");
  const [shot] = await w.sql<
    { standing: number }[]
  >`select standing from shots where id = ${op.shot}`;
  if (op.action === "void") {
    const lane = w.lanes.find((l) => l.ball?.shotId === op.shot)!;
    for (const m of ballMarkets(w, lane)) await staffVoid(w, m.id);
  }
  await keyBallIn(w, op.shot, op.pins, op.action === "confirm" ? Number(shot.standing) : undefined);
}

export async function correct(
  w: World,
  op: { ball: number; pins: number; foul: boolean },
): Promise<void> {
  const rows = await w.sql<
    { session_id: string; bowler_id: string; frame: number; ball: number; standing: number }[]
  >`
    select distinct session_id, bowler_id, frame, ball, standing from markets
    where state in ('determined', 'finalized', 'disputed') order by session_id, bowler_id, frame, ball`;
  const target = rows[op.ball % Math.max(1, rows.length)];
  if (!target) return;
  const sheet = (await w.request("GET", `/api/sessions/${target.session_id}`, null)).body as {
    bowlers: { id: string; frames: { number: number; balls: { id: string }[] }[] }[];
  };
  const ball = sheet.bowlers.find((b) => b.id === target.bowler_id)?.frames
    .find((f) => f.number === target.frame)?.balls[target.ball - 1];
  // A correction of an earlier ball can re-flow the frames (a spare corrected to a strike): the
  // ball this market was on may no longer be where it was. Nothing to correct there.
  if (!ball) return;

  const a = await w.request(
    "POST",
    `/api/sessions/${target.session_id}/balls/${ball.id}/correction`,
    w.staff,
    {
      pinsStanding: pinsOf(leave(Number(target.standing), op.pins)),
      foul: op.foul,
      reason: "VOPR correction",
    },
  );
  must(a, [200, 409], `correct ball ${ball.id}`);
  await drain(w);
}

/** A bet whose transaction dies after its hold is written: it must leave no trace. */
export async function crashBet(w: World, bet: BetIntent | null): Promise<void> {
  if (!bet) return;
  // Aimed where it would be accepted, so that the crash is reached: an open market, money enough.
  const open = [...w.markets.values()].filter((m) => m.state === "open");
  if (open.length) {
    const m = open[bet.stake % open.length];
    bet = {
      ...bet,
      market: m.id,
      outcome: m.outcomes[bet.stake % 2],
      stake: 100,
      version: "current",
    };
  }
  await armCrash(w.sql, "bet");
  try {
    await placeBets(w, [{ ...bet, bad: undefined, key: "fresh" }], false, true);
  } finally {
    if (await disarmCrash(w.sql, "bet")) w.crashes.bet = (w.crashes.bet ?? 0) + 1;
  }
}

/** Settlement dies at `point` (PostgreSQL: its connection is terminated); a re-drain finishes it. */
export async function crashSettle(w: World, point: CrashPoint): Promise<void> {
  await armCrash(w.sql, point);
  try {
    await w.outbox.drain();
  } catch {
    // The consumer's connection was dropped mid-transaction: expected.
  } finally {
    if (await disarmCrash(w.sql, point)) w.crashes[point] = (w.crashes[point] ?? 0) + 1;
  }
  await w.outbox.drain();
  await afterDrain(w);
}

/** The finalizer's tick, when the server has one (DISPUTE_WINDOW_S is 0 in the harness). */
export async function finalize(w: World): Promise<void> {
  if (w.finalize) await w.finalize();
  await refreshMarkets(w);
}

/** Staff dispute a determined market and resolve it: the same result, the other one, or void. */
export async function dispute(
  w: World,
  op: { market: string; resolve: "same" | "other" | "void" },
): Promise<void> {
  const [m] = await w.sql<{ state: string; result: string | null }[]>`
    select state, result from markets where id = ${op.market}`;
  const a = await w.request("POST", `/api/markets/${op.market}/dispute`, w.staff, {
    reason: "VOPR dispute",
  });
  must(a, m?.state === "determined" ? [200] : [409], `dispute market ${op.market} (${m?.state})`);
  if (a.status !== 200) return;
  const known = w.markets.get(op.market)!;
  const other = known.outcomes.find((o) => o !== m.result)!;
  const body = op.resolve === "void"
    ? { void: true, reason: "VOPR resolve void" }
    : { result: op.resolve === "same" ? m.result : other, reason: "VOPR resolve" };
  w.resolvedByStaff.add(op.market);
  must(
    await w.request("POST", `/api/markets/${op.market}/resolve`, w.staff, body),
    [200],
    `resolve market ${op.market} ${JSON.stringify(body)}`,
  );
  await drain(w);
}
