/**
 * A lane's open game as its grid tile shows it, in `GET /api/lanes`: built by
 * the server (server/lanes/lane_games.ts), read by the web app's tiles.
 */

/** The last ball bowled on a lane ("Strike, 17.2 mph"). */
export interface LaneLastBall {
  bowler: string;
  frame: number;
  /** Pins standing after the ball and before it (10-bit masks, bit i = pin i + 1). */
  standing: number;
  standingBefore: number;
  foul: boolean;
  gutter: boolean;
  /** The AI's launch speed; null for a ball staff entered without a shot. */
  speedMph: number | null;
}

export interface LaneGame {
  openPlay: boolean;
  /** The frame of the bowler who is up; null once every game is complete. */
  frame: number | null;
  bowlers: { name: string; total: number; up: boolean }[];
  lastBall: LaneLastBall | null;
}
