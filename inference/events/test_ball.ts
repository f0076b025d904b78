/** Test fixtures for the shot logic: a typical ball's launch and pin reads of a known state. */
import type { BallLaunch } from "../../sim/physics.ts";
import type { PinStateResult } from "../models/types.ts";

/** A 17 mph hook from board 18. */
export const TEST_LAUNCH: BallLaunch = {
  speedMph: 17,
  speedLossMph: 2.4,
  foulBoard: 18,
  launchSlope: -0.25,
  hookStartFt: 30,
  rollStartFt: 55,
  hookAccel: 0.03,
};

/** A sure read of `standing` (bit i = pin i + 1). */
export function pinRead(standing: number): PinStateResult {
  const probabilities = new Float32Array(10).map((_, i) => ((standing >> i) & 1 ? 1 : 0));
  return { standing, probabilities, confidence: 1 };
}
