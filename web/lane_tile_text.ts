/**
 * What a lane's grid tile says, in words: the last ball ("Strike, 17.2 mph"),
 * how many watch, where the game stands. Pure.
 */
import type { LaneGame, LaneLastBall, LaneSummary } from "./api.ts";
import { describeLeave, formatSpeed } from "./shot_format.ts";

/** `Strike, 17.2 mph`; the leave alone for a ball without the AI's speed. */
export function lastBallText(ball: LaneLastBall): string {
  const leave = describeLeave(ball).label;
  return ball.speedMph === null ? leave : `${leave}, ${formatSpeed(ball.speedMph)} mph`;
}

/** `1 watching`, `12 watching`; null when no one is (nothing worth showing). */
export function viewersText(viewers: number | undefined): string | null {
  return viewers ? `${viewers} watching` : null;
}

/** The tile's status line: where the game stands, or why there is none. */
export function gameLine(lane: Pick<LaneSummary, "live" | "game">): string {
  const game = lane.game;
  if (!game || game.bowlers.length === 0) {
    return lane.live ? "Streaming now, no game open" : "No camera right now";
  }
  const what = game.openPlay ? "Open play" : "Game";
  const where = game.frame === null ? `${what} complete` : `${what}, frame ${game.frame}`;
  return lane.live ? where : `${where} · no camera`;
}

/** The bowlers a tile lists (the first few, the one who is up always among them). */
export function shownBowlers(game: LaneGame, max = 4): LaneGame["bowlers"] {
  if (game.bowlers.length <= max) return game.bowlers;
  const first = game.bowlers.slice(0, max);
  const up = game.bowlers.find((b) => b.up);
  return up && !first.includes(up) ? [...first.slice(0, max - 1), up] : first;
}

/** Live lanes first, each group in the order the API gave (the alley's order). */
export function liveFirst<T extends { live: boolean }>(lanes: readonly T[]): T[] {
  return [...lanes.filter((l) => l.live), ...lanes.filter((l) => !l.live)];
}
