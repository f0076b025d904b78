/**
 * Where a recorded ball sits on its bowler's sheet now: frame, ball in the
 * frame, the rack it faced and what it left, read through the current
 * version of the ball (a correction that came first is what counts).
 * @module
 */
import type { SqlOrTx } from "../db.ts";
import { gamesOf } from "../sessions/common.ts";
import * as sessions from "../sessions/repo.ts";

export interface BallOnSheet {
  /** The current version's row id. */
  id: string;
  sessionId: string;
  laneId: string;
  bowlerId: string;
  frame: number;
  ball: number;
  /** The rack the ball faced. */
  standingBefore: number;
  standingAfter: number;
  foul: boolean;
  shotId: string | null;
}

/** The ball of row `ballId` (any version) as its bowler's sheet reads now; null when gone. */
export async function ballOnSheet(tx: SqlOrTx, ballId: string): Promise<BallOnSheet | null> {
  if (!sessions.isBallId(ballId)) return null;
  const [row] = await tx<{ session_id: string; bowler_id: string; seq: number }[]>`
    select session_id, bowler_id, seq from session_balls where id = ${ballId}`;
  if (!row) return null;
  const session = await sessions.getSession(tx, row.session_id);
  if (!session) return null;
  const game = (await gamesOf(tx, session)).find((g) => g.bowler.id === row.bowler_id);
  const index = game?.balls.findIndex((b) => b.seq === row.seq) ?? -1;
  if (!game || index < 0) return null;
  let seen = 0;
  for (const f of game.game.frames) {
    if (index < seen + f.balls.length) {
      const scored = f.balls[index - seen];
      const current = game.balls[index];
      return {
        id: current.id,
        sessionId: session.id,
        laneId: session.laneId,
        bowlerId: row.bowler_id,
        frame: f.number,
        ball: index - seen + 1,
        standingBefore: scored.before,
        standingAfter: scored.standing,
        foul: scored.foul,
        shotId: current.shotId,
      };
    }
    seen += f.balls.length;
  }
  return null;
}
