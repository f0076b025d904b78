/**
 * A bowler's history for fair probabilities: their balls in this session and
 * in earlier sessions — of the same account when the bowler is signed in,
 * else of the same name — oldest first, each with the rack it faced (from
 * re-scoring the game with core/scoring.ts) and its launch speed when the AI
 * measured one (session_balls.shot_id → shots.launch_speed_mph).
 *
 * @example
 * ```ts ignore
 * const history = await bowlerHistory(sql, bowlerId);
 * const offers = marketsForBall({ frame: 1, ball: 1, standing: FULL_RACK }, history);
 * ```
 * @module
 */
import { type BowlerHistory, type HistoryBall, historyBallsOf } from "../../core/market_kinds.ts";
import { scoreGame, ScoringError } from "../../core/scoring.ts";
import type { SqlOrTx } from "../db.ts";

/** Games (a bowler in one session) read for one history, newest first. */
export const HISTORY_GAMES = 20;

interface GameBall {
  bowler_id: string;
  seq: number;
  standing: number;
  foul: boolean;
  launch_speed_mph: number | null;
}

/** The bowler's history up to now (this game last). */
export async function bowlerHistory(sql: SqlOrTx, bowlerId: string): Promise<BowlerHistory> {
  const games = await sql<{ id: string }[]>`
    with me as (
      select b.id, b.user_id, lower(btrim(b.name)) as name, s.opened_at
      from session_bowlers b join bowling_sessions s on s.id = b.session_id
      where b.id = ${bowlerId})
    select sb.id from session_bowlers sb
      join bowling_sessions s on s.id = sb.session_id, me
    where sb.id = me.id or (s.opened_at < me.opened_at and (
      case when me.user_id is not null then sb.user_id = me.user_id
           else sb.user_id is null and lower(btrim(sb.name)) = me.name end))
    order by s.opened_at desc
    limit ${HISTORY_GAMES}`;
  if (!games.length) return { balls: [] };
  const ids = games.map((g) => g.id);
  const rows = await sql<GameBall[]>`
    select distinct on (b.bowler_id, b.seq) b.bowler_id, b.seq, b.standing, b.foul,
           sh.launch_speed_mph
    from session_balls b left join shots sh on sh.id = b.shot_id
    where b.bowler_id = any(${ids}::uuid[])
    order by b.bowler_id, b.seq, b.version desc`;
  const balls: HistoryBall[] = [];
  for (const id of ids.reverse()) {
    const own = rows.filter((r) => r.bowler_id === id).sort((a, b) => a.seq - b.seq);
    balls.push(...gameHistory(own));
  }
  return { balls };
}

/** One game's balls as history; a game whose stored balls do not score is left out. */
function gameHistory(own: GameBall[]): HistoryBall[] {
  try {
    const game = scoreGame(own);
    const speeds = own.map((b) => b.launch_speed_mph);
    let i = 0;
    const order = new Map<string, number>();
    for (const f of game.frames) f.balls.forEach((_, b) => order.set(`${f.number}.${b + 1}`, i++));
    return historyBallsOf(game, (frame, ball) => speeds[order.get(`${frame}.${ball}`)!] ?? null);
  } catch (err) {
    if (err instanceof ScoringError) return [];
    throw err;
  }
}
