/**
 * "My games": the games a person bowled under their account (they were
 * added with their account, or checked in), one game's sheet, and their
 * numbers over their recent games. Only games they bowled in are theirs to
 * read here; any other session is `unknown_game`, as one that does not exist.
 * @module
 */
import { shotPoints, strikeRateByFrame } from "../../core/bowler_stats.ts";
import type { MyGame, MyGamesPage, MyStats } from "../../core/my_games.ts";
import { DomainError } from "../../core/problem.ts";
import type { Sheet, SheetBowler } from "../../core/session_sheet.ts";
import type { SqlOrTx } from "../db.ts";
import { getSheet, sheetsOf } from "../sessions/reads.ts";
import { listUserGames, shotFacts, userBowlerId } from "./repo.ts";

/** How many of the most recent games `myStats` counts. */
export const STATS_GAMES = 100;

/** One page of the user's games, newest first. */
export async function listMyGames(
  sql: SqlOrTx,
  userId: string,
  q: { limit: number; before?: string },
): Promise<MyGamesPage> {
  const rows = await listUserGames(sql, userId, q);
  const sheets = await sheetsOf(sql, rows.map((r) => r.session));
  const games = rows.map((r, i) => toGame(sheets[i], bowlerOf(sheets[i], r.bowlerId), r.laneName));
  return {
    games,
    next: games.length === q.limit ? games[games.length - 1].sessionId : null,
  };
}

/** The sheet of a game the user bowled in; `unknown_game` for any other session. */
export async function getMyGame(sql: SqlOrTx, userId: string, sessionId: string): Promise<Sheet> {
  if (!await userBowlerId(sql, sessionId, userId)) {
    throw new DomainError("unknown_game", `Cannot find game "${sessionId.slice(0, 64)}"`);
  }
  return await getSheet(sql, sessionId);
}

/** The user's tracked balls and strike rate by frame over their last {@linkcode STATS_GAMES} games. */
export async function myStats(sql: SqlOrTx, userId: string): Promise<MyStats> {
  const rows = await listUserGames(sql, userId, { limit: STATS_GAMES });
  const sheets = await sheetsOf(sql, rows.map((r) => r.session));
  const games = rows.map((r, i) => ({
    sessionId: r.session.id,
    frames: bowlerOf(sheets[i], r.bowlerId).frames,
  }));
  const ids = games.flatMap((g) => g.frames.flatMap((f) => f.balls.flatMap((b) => b.shotId ?? [])));
  return {
    games: games.length,
    shots: shotPoints(games, await shotFacts(sql, ids)),
    strikeRateByFrame: strikeRateByFrame(games.map((g) => g.frames)),
  };
}

function bowlerOf(sheet: Sheet, bowlerId: string): SheetBowler {
  const bowler = sheet.bowlers.find((b) => b.id === bowlerId);
  if (!bowler) throw new Error(`Bowler "${bowlerId}" is missing from session "${sheet.id}"`);
  return bowler;
}

function toGame(sheet: Sheet, bowler: SheetBowler, laneName: string): MyGame {
  const marks = bowler.frames.map((f) => f.balls.map((b) => b.mark));
  return {
    sessionId: sheet.id,
    laneId: sheet.laneId,
    laneName,
    status: sheet.status,
    openedAt: sheet.openedAt,
    closedAt: sheet.closedAt,
    bowlerId: bowler.id,
    name: bowler.name,
    total: bowler.total,
    complete: bowler.complete,
    frames: bowler.frames.filter((f) => f.balls.length > 0).length,
    strikes: marks.flat().filter((m) => m === "X").length,
    spares: marks.flat().filter((m) => m === "/").length,
    href: `/me/games/${sheet.id}`,
  };
}
