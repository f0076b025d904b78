/**
 * What the lane grid shows of each lane's open game: the bowlers with their
 * totals and who is up, the frame being bowled, and the last ball (its leave
 * and the AI's speed). Read for every lane at once in a handful of queries,
 * and kept for `cacheMs` so that any number of grids polling `GET /api/lanes`
 * costs the database one read per period, however many lanes there are.
 * @module
 */
import { FULL_RACK } from "../../core/pins.ts";
import type { Sheet, SheetBowler } from "../../core/session_sheet.ts";
import type { LaneGame, LaneLastBall } from "../../core/lane_game.ts";

export type { LaneGame };
import type { SqlOrTx } from "../db.ts";
import * as repo from "../sessions/repo.ts";
import { buildSheet, scoreBowlers } from "../sessions/sheet.ts";

/** Open sessions read at once; more lanes than this have a game each is not a bowling alley. */
const MAX_OPEN_SESSIONS = 1000;

/** Every lane with an open session, by lane id. */
export async function readLaneGames(sql: SqlOrTx): Promise<Map<string, LaneGame>> {
  const sessions = await repo.listSessions(sql, { status: "open", limit: MAX_OPEN_SESSIONS });
  const ids = sessions.map((s) => s.id);
  if (ids.length === 0) return new Map();
  const [bowlers, balls, latest] = await Promise.all([
    repo.listBowlers(sql, ids),
    repo.listCurrentBalls(sql, ids),
    latestBalls(sql, ids),
  ]);
  const lasts = new Map<string, { sheet: Sheet; bowler: SheetBowler; seq: number }>();
  const sheets = sessions.map((s) => {
    const sheet = buildSheet(
      s,
      scoreBowlers(
        bowlers.filter((b) => b.sessionId === s.id),
        balls.filter((b) => b.sessionId === s.id),
      ),
    );
    const last = latest.get(s.id);
    const bowler = last && sheet.bowlers.find((b) => b.id === last.bowlerId);
    if (last && bowler) lasts.set(s.id, { sheet, bowler, seq: last.seq });
    return sheet;
  });
  const shotIds = [...lasts.values()]
    .map(({ bowler, seq }) => ballAt(bowler, seq)?.ball.shotId)
    .filter((id): id is string => typeof id === "string");
  const shots = await shotFacts(sql, shotIds);
  return new Map(sheets.map((sheet) => {
    const last = lasts.get(sheet.id);
    return [sheet.laneId, toLaneGame(sheet, last ? lastBall(last.bowler, last.seq, shots) : null)];
  }));
}

/** {@linkcode readLaneGames}, shared by every caller for `cacheMs`. */
export function createLaneGames(options: { sql: SqlOrTx; cacheMs?: number }) {
  const cacheMs = options.cacheMs ?? 2000;
  let cached: { at: number; value: Map<string, LaneGame> } | undefined;
  let inflight: Promise<Map<string, LaneGame>> | undefined;
  return {
    async games(): Promise<Map<string, LaneGame>> {
      if (cached && Date.now() - cached.at < cacheMs) return cached.value;
      inflight ??= readLaneGames(options.sql).then((value) => {
        cached = { at: Date.now(), value };
        return value;
      }).finally(() => (inflight = undefined));
      return await inflight;
    },
  };
}

export type LaneGames = ReturnType<typeof createLaneGames>;

export function toLaneGame(sheet: Sheet, last: LaneLastBall | null): LaneGame {
  const up = sheet.turn?.bowlerId ?? null;
  return {
    openPlay: sheet.openPlay ?? false,
    frame: sheet.turn?.frame ?? null,
    bowlers: sheet.bowlers.filter((b) => !b.removed).map((b) => ({
      name: b.name,
      total: b.total,
      up: b.id === up,
    })),
    lastBall: last,
  };
}

/** The bowler's ball number `seq` (1-based, in bowling order) with its frame and the rack it faced. */
function ballAt(bowler: SheetBowler, seq: number) {
  let n = 0;
  for (const frame of bowler.frames) {
    for (const [i, ball] of frame.balls.entries()) {
      if (++n !== seq) continue;
      const before = i === 0 || frame.balls[i - 1].standing === 0
        ? FULL_RACK
        : frame.balls[i - 1].standing;
      return { frame: frame.number, ball, standingBefore: before };
    }
  }
  return null;
}

function lastBall(
  bowler: SheetBowler,
  seq: number,
  shots: Map<string, { speedMph: number | null; gutter: boolean }>,
): LaneLastBall | null {
  const at = ballAt(bowler, seq);
  if (!at) return null;
  const shot = at.ball.shotId ? shots.get(at.ball.shotId) : undefined;
  return {
    bowler: bowler.name,
    frame: at.frame,
    standing: at.ball.standing,
    standingBefore: at.standingBefore,
    foul: at.ball.foul,
    gutter: shot?.gutter ?? false,
    speedMph: shot?.speedMph ?? null,
  };
}

/** Each session's most recently bowled ball (a correction keeps the ball's place in time). */
async function latestBalls(sql: SqlOrTx, sessionIds: string[]) {
  const rows = await sql<{ session_id: string; bowler_id: string; seq: number }[]>`
    select distinct on (session_id) session_id, bowler_id, seq
    from session_balls
    where session_id = any(${sessionIds}::uuid[]) and version = 1
    order by session_id, id desc`;
  return new Map(rows.map((r) => [r.session_id, { bowlerId: r.bowler_id, seq: r.seq }]));
}

async function shotFacts(sql: SqlOrTx, ids: string[]) {
  if (ids.length === 0) return new Map();
  const rows = await sql<{ id: string; launch_speed_mph: number | null; gutter: boolean }[]>`
    select id, launch_speed_mph, gutter from shots where id = any(${ids}::text[])`;
  return new Map(rows.map((r) => [r.id, { speedMph: r.launch_speed_mph, gutter: r.gutter }]));
}
