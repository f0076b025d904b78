/**
 * The VOPR's lane operations: a rack ready (markets open), a ball thrown
 * (live `approach`/`release` events at a chosen capture time — on a bet's
 * millisecond, after it, late, lost, duplicated, out of order — with bets
 * racing them), its shot report (sure or unsure) and the outbox drained,
 * staff review, corrections, voids and suspensions.
 */
import { createPrng } from "../../../core/prng.ts";
import { pinsOf, standingOf } from "../../../core/pins.ts";
import { testShotReport } from "../../shots/test_report.ts";
import { Violation } from "./exec_bets.ts";
import { standInOpen, standInSuspend } from "./stand_ins.ts";
import type { BallEvents } from "./ops.ts";
import {
  type Answer,
  ballMarkets,
  type LaneSim,
  nextId,
  refreshMarkets,
  type World,
} from "./world.ts";

const MODELS = { ball: "vopr-ball@1", pins: "vopr-pins@1", motion: "vopr-motion@1" };

export async function waitUntil(fn: () => Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (await fn()) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
}

function must(a: Answer, ok: number[], what: string): void {
  if (!ok.includes(a.status)) {
    throw new Violation(
      `${what}: expected ${ok.join("|")}, got ${a.status} ${JSON.stringify(a.body)?.slice(0, 300)}`,
    );
  }
}

async function sendEvent(
  w: World,
  lane: LaneSim,
  type: string,
  captureTimeMs: number,
  standing?: number,
) {
  const event = {
    id: `${lane.id}-${type}-${captureTimeMs}`,
    laneId: lane.id,
    type,
    captureTimeMs,
    confidence: 0.9,
    model: MODELS.motion,
    models: MODELS,
    ...(standing === undefined ? {} : { standing }),
  };
  must(await w.inference("/api/inference/events", event), [200, 201], `lane event ${event.id}`);
}

interface Sheet {
  id: string;
  status: string;
  turn: { bowlerId: string; frame: number; ball: number; pinsStanding: number[] } | null;
  bowlers: {
    id: string;
    frames: { number: number; balls: { id: string; shotId: string | null }[] }[];
  }[];
}

/** The lane's open session with a next ball, opening a new one when there is none. */
async function sessionWithTurn(w: World, lane: LaneSim): Promise<Sheet> {
  if (lane.sessionId) {
    const a = await w.request("GET", `/api/sessions/${lane.sessionId}`, null);
    const sheet = a.body as unknown as Sheet;
    if (sheet?.status === "open" && sheet.turn) return sheet;
    if (sheet?.status === "open") {
      await w.request("POST", `/api/sessions/${lane.sessionId}/close`, w.staff);
    }
  }
  const a = await w.request("POST", `/api/lanes/${lane.id}/sessions`, w.staff, {
    bowlers: [{ name: "Ada" }, { name: "Bo" }],
  });
  must(a, [201], `open a session on lane ${lane.id}`);
  lane.sessionId = String(a.body!.id);
  return a.body as unknown as Sheet;
}

export async function rackReady(w: World, lane: LaneSim): Promise<void> {
  const sheet = await sessionWithTurn(w, lane);
  const t = sheet.turn!;
  const rackMs = Date.now();
  lane.ball = {
    sessionId: sheet.id,
    bowlerId: t.bowlerId,
    frame: t.frame,
    ball: t.ball,
    standing: standingOf(t.pinsStanding),
    rackMs,
    seenApproach: false,
    seenRelease: false,
  };
  await sendEvent(w, lane, "rack-ready", rackMs, lane.ball.standing);
  if (w.engine) await w.engine.idle();
  else await standInOpen(w, lane.id, lane.ball);
  await refreshMarkets(w);
  lane.phase = "open";
  w.notes.push(
    `rack ${rackMs}: frame ${t.frame} ball ${t.ball} markets ${
      ballMarkets(w, lane).map((m) => m.id.slice(0, 8)).join(",") || "none"
    }`,
  );
}

/** Placed-at (µs) of the non-void bets on the lane's ball, oldest first. */
async function ballBets(w: World, lane: LaneSim): Promise<bigint[]> {
  const ids = ballMarkets(w, lane).map((m) => m.id);
  if (!ids.length) return [];
  const rows = await w.sql<{ us: string }[]>`
    select (extract(epoch from placed_at) * 1000000)::bigint::text as us from bets
    where market_id = any(${ids}::uuid[]) and state <> 'void' order by placed_at`;
  return rows.map((r) => BigInt(r.us));
}

function cutoffOf(e: BallEvents, placed: bigint[]): number {
  if (!placed.length || e.cutoff === "now") return Date.now();
  const at = Number(
    placed[Math.min(placed.length - 1, Math.floor(e.pick * placed.length))] / 1000n,
  );
  return e.cutoff === "exact" ? at : e.cutoff === "after" ? at + 1 : at - 3;
}

/** Records what the server has now been told of the ball: its markets' cutoff. */
function noteCutoff(w: World, lane: LaneSim): void {
  const b = lane.ball!;
  const at = b.seenApproach ? b.approachMs : b.seenRelease ? b.releaseMs : undefined;
  if (at === undefined) return;
  for (const m of ballMarkets(w, lane)) {
    const prev = w.cutoffs.get(m.id);
    w.cutoffs.set(m.id, Math.min(prev ?? Infinity, at + w.delayMs));
  }
}

export async function throwBall(
  w: World,
  lane: LaneSim,
  e: BallEvents,
  racing: (() => Promise<void>) | null,
): Promise<void> {
  const b = lane.ball!;
  if (e.stale) {
    // The previous ball's approach, resent late: captured before this ball's rack was ready.
    await sendEvent(w, lane, "approach", b.rackMs - 1 - Math.floor(e.pick * 5000));
    if (!w.engine) await standInSuspend(w, lane.id, b.rackMs - 1);
    await w.engine?.idle();
    await refreshMarkets(w);
  }
  // A ball's approach comes after its rack was ready (bets may predate that: the sheet opened
  // the markets first); one captured earlier would be a previous ball's.
  const approachMs = Math.max(b.rackMs, cutoffOf(e, await ballBets(w, lane)));
  b.approachMs = approachMs;
  b.releaseMs = Math.max(approachMs, Math.min(approachMs + 300, Date.now()));
  const order: ["approach" | "release", number][] = [];
  if (e.approach) order.push(["approach", approachMs]);
  if (e.release) order.push(["release", b.releaseMs]);
  if (e.releaseFirst) order.reverse();
  const events = async () => {
    for (const [type, at] of order) {
      await sendEvent(w, lane, type, at);
      if (!w.engine) await standInSuspend(w, lane.id, at);
      if (type === "approach") b.seenApproach = true;
      else b.seenRelease = true;
      if (e.duplicate) await sendEvent(w, lane, type, at);
    }
  };
  await Promise.all([events(), racing?.()]);
  if (order.length) await sendEvent(w, lane, "pinfall", Math.max(b.releaseMs, Date.now()));
  noteCutoff(w, lane);
  w.notes.push(`approach ${approachMs} release ${b.releaseMs}`);
  await settleSuspension(w, lane);
  lane.phase = "thrown";
}

/** Waits until the engine has suspended the ball's markets and swept past-posted bets. */
async function settleSuspension(w: World, lane: LaneSim): Promise<void> {
  if (w.engine) {
    await w.engine.idle();
    return await refreshMarkets(w);
  }
  const ids = ballMarkets(w, lane).map((m) => m.id).filter((id) => w.cutoffs.has(id));
  if (!ids.length) return;
  await waitUntil(async () => {
    const [{ pending }] = await w.sql<{ pending: number }[]>`
      select count(*)::int as pending from markets m
      where m.id = any(${ids}::uuid[]) and (m.state = 'open' or exists (
        select 1 from bets b where b.market_id = m.id and b.state <> 'void'
          and b.placed_at >= timestamptz 'epoch' + (${w.cutoffs.get(
      ids[0],
    )!}::bigint * interval '1 millisecond')))`;
    return pending === 0;
  }, 2000);
  await refreshMarkets(w);
}

export async function reportShot(
  w: World,
  lane: LaneSim,
  op: { sure: boolean; pins: number; foul: boolean; speed: number | null; duplicate: boolean },
): Promise<void> {
  const b = lane.ball!;
  const id = nextId(w, "shot");
  const after = leave(b.standing, op.pins);
  const base = testShotReport(id);
  const approachMs = b.approachMs ?? Date.now();
  const releaseMs = b.releaseMs ?? approachMs;
  const report = testShotReport(id, {
    events: [
      { type: "approach", captureTimeMs: approachMs, confidence: 0.9, model: MODELS.motion },
      { type: "release", captureTimeMs: releaseMs, confidence: 0.97, model: MODELS.ball },
      { type: "pinfall", captureTimeMs: releaseMs + 2500, confidence: 0.995, model: MODELS.pins },
    ],
    standingBefore: b.standing,
    standing: after,
    foul: op.foul,
    pinConfidence: op.sure ? 0.995 : 0.8,
    metrics: op.speed === null ? null : { ...base.metrics!, launchSpeedMph: op.speed },
    pinProbabilities: pinsOf(1023).map((p) => (after >> (p - 1)) & 1 ? 0.99 : 0.01),
  });
  const a = await w.inference(`/api/inference/lanes/${lane.id}/shots`, report);
  must(a, [200, 201], `shot ${id}`);
  if (op.duplicate) {
    must(
      await w.inference(`/api/inference/lanes/${lane.id}/shots`, report),
      [200],
      `shot ${id} again`,
    );
  }
  b.shotId = id;
  b.approachMs = approachMs;
  // The shot's own approach binds once its ball is settled (afterDrain), not when it is sent.
  lane.phase = "shot";
  lane.shots++;
}

/** Pins left standing of `standing`, drawn from `fraction`. */
export function leave(standing: number, fraction: number): number {
  const rng = createPrng(Math.floor(fraction * 2 ** 32));
  const strike = rng.chance(0.3);
  return standingOf(pinsOf(standing).filter(() => !strike && rng.chance(0.35)));
}

/** Where the ball of `shotId` stands on its session's sheet now. */
async function whereOnSheet(w: World, sessionId: string, shotId: string) {
  const sheet = (await w.request("GET", `/api/sessions/${sessionId}`, null))
    .body as unknown as Sheet;
  for (const bowler of sheet?.bowlers ?? []) {
    for (const f of bowler.frames) {
      const i = f.balls.findIndex((x) => x.shotId === shotId);
      if (i >= 0) return { bowlerId: bowler.id, frame: f.number, ball: i + 1 };
    }
  }
  return null;
}

/** Runs the outbox and moves each lane whose shot was taken on. */
export async function drain(w: World): Promise<void> {
  await w.outbox.drain();
  await afterDrain(w);
}

export async function afterDrain(w: World): Promise<void> {
  for (const lane of w.lanes) {
    const id = lane.ball?.shotId;
    if (!id || (lane.phase !== "shot" && lane.phase !== "review")) continue;
    const [ball] = await w.sql`select 1 from session_balls where shot_id = ${id} limit 1`;
    if (ball) {
      // The shot's own approach binds the ball's markets, if it was recorded as that ball (a
      // correction of an earlier ball may have moved the turn on meanwhile).
      const at = await whereOnSheet(w, lane.ball!.sessionId, id);
      const b = lane.ball!;
      if (at && at.bowlerId === b.bowlerId && at.frame === b.frame && at.ball === b.ball) {
        b.seenApproach = true;
        noteCutoff(w, lane);
      } else {w.notes.push(
          `shot ${id} recorded as ${JSON.stringify(at)}, not the ball it was thrown at`,
        );}
      lane.phase = "idle";
      w.reviews.delete(id);
      continue;
    }
    const [shot] = await w.sql<{ status: string }[]>`select status from shots where id = ${id}`;
    if (shot?.status === "review" && lane.phase === "shot") {
      lane.phase = "review";
      w.reviews.add(id);
    }
  }
  await refreshMarkets(w);
}
