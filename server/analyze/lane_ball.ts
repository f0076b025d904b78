/**
 * An upload that belongs to a lane ball: the form fields `sessionId`,
 * `bowlerId`, `frame` and `ball` (all four, with `laneId`) name the ball of
 * a session on that lane whose markets a resolution of the video settles.
 * Only staff may attach an upload to a ball, since resolving it moves money;
 * the ball must have a market on that lane.
 *
 * @example
 * ```ts ignore
 * const ball = await laneBallOf(sql, up.fields, laneId, user.role); // LaneBall | null
 * ```
 * @module
 */
import { DomainError } from "../../core/errors.ts";
import { STAFF } from "../auth/roles.ts";
import type { SqlOrTx } from "../db.ts";
import { isUuid } from "../sessions/repo.ts";

/** The ball of a session an analysed video shows (as a market's `ball` names it). */
export interface LaneBall {
  sessionId: string;
  bowlerId: string;
  frame: number;
  ball: number;
}

export const LANE_BALL_FIELDS = ["sessionId", "bowlerId", "frame", "ball"] as const;

function wholeIn(v: string, lo: number, hi: number): number | null {
  if (!/^\d{1,2}$/.test(v)) return null;
  const n = Number(v);
  return n >= lo && n <= hi ? n : null;
}

/**
 * The lane ball the upload's fields name, or null when they name none.
 * Throws `lane_ball_forbidden` (403) for anyone but staff,
 * `lane_ball_incomplete` (400) for some fields without the others or without
 * `laneId`, and `unknown_lane_ball` (404) when the lane has no market on that ball.
 */
export async function laneBallOf(
  sql: SqlOrTx,
  fields: Readonly<Record<string, string>>,
  laneId: string | null,
  role: string,
): Promise<LaneBall | null> {
  const given = LANE_BALL_FIELDS.filter((k) => (fields[k]?.trim() ?? "") !== "");
  if (!given.length) return null;
  if (!(STAFF as string[]).includes(role)) {
    throw new DomainError(
      "lane_ball_forbidden",
      "Only staff may attach an upload to a lane ball",
    );
  }
  const v = (k: string) => fields[k].trim();
  const frame = given.length === 4 ? wholeIn(v("frame"), 1, 10) : null;
  const ball = given.length === 4 ? wholeIn(v("ball"), 1, 3) : null;
  if (
    !laneId || frame === null || ball === null || !isUuid(v("sessionId")) ||
    !isUuid(v("bowlerId"))
  ) {
    throw new DomainError(
      "lane_ball_incomplete",
      'A lane ball needs "laneId", "sessionId", "bowlerId", "frame" (1–10) and "ball" (1–3)',
      { fields: [...LANE_BALL_FIELDS, "laneId"] },
    );
  }
  const link = { sessionId: v("sessionId"), bowlerId: v("bowlerId"), frame, ball };
  const [found] = await sql<{ n: number }[]>`
    select 1 as n from markets
    where lane_id = ${laneId} and session_id = ${link.sessionId} and bowler_id = ${link.bowlerId}
      and frame = ${frame} and ball = ${ball}
    limit 1`;
  if (!found) {
    throw new DomainError(
      "unknown_lane_ball",
      `Lane "${laneId}" has no market on ball ${ball} of frame ${frame} for bowler "${link.bowlerId}" in session "${link.sessionId}"`,
    );
  }
  return link;
}
