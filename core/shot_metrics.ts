/**
 * A shot's metrics by Specto's definitions (ARCHITECTURE.md): what the
 * simulator's ground truth, the inference sidecar and the web app all speak.
 */
export interface ShotMetrics {
  /** Speed over the first feet past the foul line, mph. */
  launchSpeedMph: number;
  /** Speed at the pins, mph. */
  entrySpeedMph: number;
  /** Board of the ball's centre at the arrows (15 ft). */
  arrowsBoard: number;
  /** Furthest-out board before the pins, and where it is (ft). */
  breakpointBoard: number;
  breakpointFt: number;
  /** Board where the ball reaches the pins. */
  entryBoard: number;
  /** Positive: moving towards higher boards (into the 1-3 pocket for a right-hander). */
  entryAngleDeg: number;
}

/** Miles per hour in feet per second. */
export const MPH_TO_FTPS = 5280 / 3600;
