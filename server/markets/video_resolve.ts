/**
 * Resolving a question about a video that staff attached to a lane ball:
 * the ball's market of the asked kind takes the video's answer. At or above
 * the auto-settle confidence it settles at once through the ledger
 * (./video_outcome.ts); below it waits in the video review queue
 * (./video_reviews.ts). A market still open is refused (409 `market_open`:
 * staff suspend it first, so no bet comes in once the ball is known), and a
 * sure read that disagrees with a market already determined waits for staff
 * too: a video never reverses a settlement by itself. One row per (analysis, shot, kind) in
 * `video_resolutions`, written in the settlement's transaction with its audit
 * entry, so a repeat answers from the row and moves nothing
 * (`payout_triggered` is true only on the call that moved money).
 *
 * @example
 * ```ts ignore
 * const answer = await resolveLaneBall(sql, deps, { analysis, shotIndex: 0, question }, { user });
 * ```
 * @module
 */
import { OUTCOME_KEYS } from "../../core/markets.ts";
import { DomainError } from "../../core/problem.ts";
import { type Resolution, type ResolveQuestion, resolveShot } from "../../core/video_resolve.ts";
import type { VideoShot } from "../../core/video_analysis.ts";
import { recordAudit } from "../audit/log.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import type { LaneBall } from "../analyze/lane_ball.ts";
import type { Actor } from "../sessions/common.ts";
import type { MarketRow } from "./repo.ts";
import type { SettleDeps } from "./settle.ts";
import { lockMarkets } from "./settle_repo.ts";
import { applyVideoOutcome, assertNotFinal } from "./video_outcome.ts";

export interface LaneBallQuestion {
  analysis: { id: string; ball: LaneBall };
  shotIndex: number;
  shot: VideoShot;
  question: ResolveQuestion;
}

/** The market outcome key of a YES/NO answer (null for VOID). */
export function outcomeKeyOf(
  kind: MarketRow["kind"],
  outcome: Resolution["outcome"],
): string | null {
  if (outcome === "VOID") return null;
  return OUTCOME_KEYS[kind][outcome === "YES" ? 0 : 1];
}

interface StoredResolution {
  state: string;
  proposed: string | null;
  result: string | null;
  confidence: number;
  detected_at: number;
}

/** The answer a stored resolution gives again (nothing moves on a repeat). */
function answerOf(kind: MarketRow["kind"], r: StoredResolution): Resolution {
  const waiting = r.state === "review" || r.state === "rejected";
  const key = waiting ? r.proposed : r.result;
  const [yes, no] = OUTCOME_KEYS[kind];
  return {
    status: r.state === "review"
      ? "NEEDS_REVIEW"
      : r.state === "rejected"
      ? "REJECTED"
      : "RESOLVED",
    outcome: key === yes ? "YES" : key === no ? "NO" : "VOID",
    confidence: r.confidence,
    detected_at: r.detected_at,
    payout_triggered: false,
  };
}

/** The ball's market of `kind`, locked; 404 `unknown_market` when it has none. */
async function lockBallMarket(tx: SqlOrTx, b: LaneBall, kind: string): Promise<MarketRow> {
  const ids = await tx<{ id: string }[]>`
    select id from markets
    where session_id = ${b.sessionId} and bowler_id = ${b.bowlerId} and frame = ${b.frame}
      and ball = ${b.ball} and kind = ${kind}
    order by opened_at desc limit 1`;
  const [m] = await lockMarkets(tx, ids.map((r) => r.id));
  if (!m) {
    throw new DomainError(
      "unknown_market",
      `Ball ${b.ball} of frame ${b.frame} has no "${kind}" market`,
    );
  }
  return m;
}

/** Resolves `q` against its lane ball's market; settles it when sure, else queues it for staff. */
export async function resolveLaneBall(
  sql: Sql,
  deps: SettleDeps,
  q: LaneBallQuestion,
  actor: Actor,
): Promise<Resolution> {
  let publish = () => {};
  const answer = await sql.begin(async (tx) => {
    const m = await lockBallMarket(tx, q.analysis.ball, q.question.kind);
    if (q.question.line !== undefined && q.question.line !== m.line) {
      throw new DomainError(
        "resolve_line_mismatch",
        `The "${m.kind}" market on this ball has the line "${m.line}", not "${q.question.line}"`,
        { line: m.line },
      );
    }
    const [prior] = await tx<StoredResolution[]>`
      select state, proposed, result, confidence, detected_at from video_resolutions
      where analysis_id = ${q.analysis.id} and shot_index = ${q.shotIndex} and kind = ${m.kind}`;
    if (prior) return answerOf(m.kind, prior);
    assertNotFinal(m);
    if (m.state === "open") {
      throw new DomainError(
        "market_open",
        `The "${m.kind}" market on this ball still takes bets: suspend it before a video settles it`,
      );
    }
    // The rack the ball faced is known from the sheet when the video alone could not tell.
    const shot = { ...q.shot, standingBefore: q.shot.standingBefore ?? m.standing };
    const resolution = resolveShot(shot, { kind: m.kind, line: m.line ?? undefined });
    const proposed = outcomeKeyOf(m.kind, resolution.outcome);
    // Only an undetermined market, or one the video agrees with, settles without staff.
    const decided = m.state === "determined" || m.state === "disputed";
    const sure = resolution.status === "RESOLVED" && (!decided || m.result === proposed);
    const done = sure ? await applyVideoOutcome(tx, deps, m, proposed) : null;
    if (done) publish = done.publish;
    await tx`
      insert into video_resolutions (analysis_id, shot_index, kind, market_id, proposed, confidence,
                                     detected_at, state, result, created_by)
      values (${q.analysis.id}, ${q.shotIndex}, ${m.kind}, ${m.id}, ${proposed},
              ${resolution.confidence}, ${resolution.detected_at}, ${sure ? "settled" : "review"},
              ${sure ? proposed : null}, ${actor.user.id})`;
    await recordAudit(tx, {
      actor: actor.user,
      action: "market.video-resolve",
      targetType: "market",
      targetId: m.id,
      detail: {
        analysisId: q.analysis.id,
        shotIndex: q.shotIndex,
        kind: m.kind,
        from: m.state,
        result: m.result,
        proposed,
        confidence: resolution.confidence,
        status: resolution.status,
        moved: done?.moved ?? false,
      },
      requestId: actor.requestId,
    });
    return {
      ...resolution,
      status: sure ? resolution.status : "NEEDS_REVIEW",
      payout_triggered: done?.moved ?? false,
    };
  });
  publish();
  return answer;
}
