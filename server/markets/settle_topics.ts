/**
 * The outbox topics of settlement, and the small writes that enqueue them
 * inside the transaction that stores their fact (a ball, a correction, a
 * session closed or a bowler removed). Kept apart from the handlers so the
 * sessions code can enqueue without importing the money side.
 *
 * @example
 * ```ts ignore
 * await sql.begin(async (tx) => {
 *   const ballId = await insertBall(tx, ball);
 *   await enqueueBallSettle(tx, ballId, session.laneId);
 * });
 * ```
 * @module
 */
import type { SqlOrTx } from "../db.ts";
import { enqueue } from "../outbox/store.ts";

/** A ball was recorded into a session: determine and pay its markets. */
export const BALL_SETTLE = "ball.settle";
/** A ball whose markets were determined was corrected: reverse and determine again. */
export const BALL_REDETERMINE = "ball.redetermine";
/** A session closed or a bowler was removed: void their undetermined markets. */
export const MARKETS_VOID = "markets.void";

/** A market suspended: post its stakes into escrow before the ball lands (server/markets/post_stakes.ts). */
export const MARKET_STAKES = "market.stakes";

/** Fact: market `marketId` suspended at `version` (a market opened again and suspended is a new fact). */
export async function enqueueStakesPost(
  tx: SqlOrTx,
  laneId: string,
  markets: readonly { id: string; version: number }[],
) {
  for (const m of markets) {
    await enqueue(tx, MARKET_STAKES, `${m.id}:${m.version}`, { laneId, marketId: m.id });
  }
}

/** Fact: session_balls row `ballId` (payload `laneId` keeps a lane's balls in order). */
export async function enqueueBallSettle(tx: SqlOrTx, ballId: string, laneId: string) {
  await enqueue(tx, BALL_SETTLE, ballId, { laneId });
}

/**
 * Fact: correction row `correctionId` of the ball at `frame`/`ball` of a
 * bowler. Enqueued only when a market of that ball was determined (a market
 * still waiting is settled by the ball's own `ball.settle` with the
 * corrected ball); finalized ones are included so the audit says they stayed.
 */
export async function enqueueRedetermine(
  tx: SqlOrTx,
  c: {
    correctionId: string;
    laneId: string;
    sessionId: string;
    bowlerId: string;
    frame: number;
    ball: number;
  },
): Promise<boolean> {
  const [row] = await tx<{ n: number }[]>`
    select count(*)::int as n from markets
    where session_id = ${c.sessionId} and bowler_id = ${c.bowlerId} and frame = ${c.frame}
      and ball = ${c.ball} and state in ('determined', 'disputed', 'finalized')`;
  if (!row.n) return false;
  return await enqueue(tx, BALL_REDETERMINE, c.correctionId, { laneId: c.laneId });
}

/** Why undetermined markets were voided without a result. */
export type VoidCause =
  | { kind: "session-closed"; sessionId: string }
  | { kind: "bowler-removed"; sessionId: string; bowlerId: string };

/** Fact: the session closed or the bowler was removed (one fact per session / bowler). */
export async function enqueueMarketsVoid(tx: SqlOrTx, laneId: string, cause: VoidCause) {
  const factId = cause.kind === "session-closed"
    ? `session:${cause.sessionId}`
    : `bowler:${cause.bowlerId}`;
  await enqueue(tx, MARKETS_VOID, factId, { laneId, ...cause });
}
