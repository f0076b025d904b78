/**
 * Bowling sessions: open one on a lane, record balls (by staff or the AI),
 * correct them with a reason, add bowlers, close. Every write runs in one
 * transaction that locks the session row, re-scores the stored balls with
 * core/scoring.ts before committing (so an impossible ball or correction
 * changes nothing), writes the audit log for staff actions, and after
 * commit publishes the new sheet to the lane's live subscribers as a
 * `session` event.
 *
 * @example
 * ```ts ignore
 * // The AI path: a ball for whoever's turn it is on lane 3, if a session is open.
 * const sheet = await recordBall(db.sql, deps, {
 *   laneId: "3", standing: 0b1001000000, foul: false, source: "ai", shotId: "s-81", confidence: 0.97,
 * });
 * ```
 * @module
 */
export {
  type Actor,
  type BallInput,
  type BowlerInput,
  publish as publishSheet,
  SESSION_EVENT,
  type SessionDeps,
  type SystemActor,
} from "./common.ts";
export {
  findLaneSheet,
  getLaneSheet,
  getSheet,
  listHistory,
  listSessionSummaries,
} from "./reads.ts";
export { closeSession, openSession } from "./lifecycle.ts";
export { addBall, type AiBall, appendAiBall, recordBall } from "./balls.ts";
export { correctBall } from "./corrections.ts";
export { addBowler } from "./bowlers.ts";
export { checkIn, getCheckInCode, rotateCheckInCode } from "./check_in.ts";
export { removeBowler } from "./remove_bowler.ts";
