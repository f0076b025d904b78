/**
 * The score sheet of a session, computed from its stored balls by
 * core/scoring.ts every time (no score is ever stored). Pure.
 */
import { pinsOf } from "../../core/pins.ts";
import { nextBowler, type ScoredGame, scoreGame } from "../../core/scoring.ts";
import type { BallRow, BowlerRow, SessionRow } from "./repo.ts";
import { OPEN_PLAY } from "./open_play_rules.ts";
import type { SessionSummary, Sheet, SheetBowler } from "../../core/session_sheet.ts";

export type { SessionSummary, Sheet, SheetBowler };

/** One bowler's current balls (in seq order) and their scored game. */
export interface BowlerGame {
  bowler: BowlerRow;
  balls: BallRow[];
  game: ScoredGame;
}

/** Scores each bowler's current balls; throws ScoringError if stored balls are inconsistent. */
export function scoreBowlers(
  bowlers: readonly BowlerRow[],
  balls: readonly BallRow[],
): BowlerGame[] {
  return bowlers.map((bowler) => {
    const own = balls.filter((b) => b.bowlerId === bowler.id).sort((a, b) => a.seq - b.seq);
    return { bowler, balls: own, game: scoreGame(own) };
  });
}

/**
 * Whose turn it is (an index into `games`), or null when closed or every game
 * is complete. Removed bowlers are skipped: they never get a turn again.
 */
export function turnOf(session: SessionRow, games: readonly BowlerGame[]): number | null {
  if (session.status !== "open") return null;
  return nextBowler(games.map((g) => g.bowler.removed ? { next: null } : g.game));
}

export function buildSheet(session: SessionRow, games: readonly BowlerGame[]): Sheet {
  const turn = turnOf(session, games);
  const next = turn === null ? null : games[turn].game.next;
  const playing = games.filter((g) => !g.bowler.removed);
  return {
    id: session.id,
    laneId: session.laneId,
    status: session.status,
    openedAt: session.openedAt.toISOString(),
    closedAt: session.closedAt?.toISOString() ?? null,
    bowlers: games.map(toSheetBowler),
    turn: turn === null || !next ? null : {
      bowlerId: games[turn].bowler.id,
      frame: next.frame,
      ball: next.ball,
      pinsStanding: pinsOf(next.rack),
    },
    complete: playing.length > 0 && playing.every((g) => g.game.complete),
    openPlay: session.openedBySystem === OPEN_PLAY,
  };
}

export function summarize(sheet: Sheet): SessionSummary {
  return {
    id: sheet.id,
    laneId: sheet.laneId,
    status: sheet.status,
    openedAt: sheet.openedAt,
    closedAt: sheet.closedAt,
    bowlers: sheet.bowlers.map((b) => ({
      id: b.id,
      name: b.name,
      total: b.total,
      complete: b.complete,
    })),
  };
}

function toSheetBowler({ bowler, balls, game }: BowlerGame): SheetBowler {
  let i = 0;
  return {
    id: bowler.id,
    position: bowler.position,
    name: bowler.name,
    userId: bowler.userId,
    frames: game.frames.map((f) => ({
      number: f.number,
      balls: f.balls.map((b) => {
        const row = balls[i++];
        return {
          id: row.id,
          pinsStanding: pinsOf(b.standing),
          standing: b.standing,
          foul: b.foul,
          pins: b.pins,
          mark: b.mark,
          split: b.split,
          source: row.source,
          corrected: row.version > 1,
          confidence: row.confidence,
          shotId: row.shotId,
          provisional: row.provisional ?? false,
          correction: row.correction
            ? { ...row.correction, at: row.correction.at.toISOString() }
            : null,
        };
      }),
      score: f.score,
      total: f.total,
      complete: f.complete,
    })),
    total: game.total,
    complete: game.complete,
    next: game.next && !bowler.removed
      ? { frame: game.next.frame, ball: game.next.ball, pinsStanding: pinsOf(game.next.rack) }
      : null,
    removed: bowler.removed,
  };
}
