/**
 * Whether an uploaded video shows a lane at all: about once a second the pin
 * classifier reads the pin deck where the calibration (or the simulator's
 * camera) puts it, until it is sure of at least one standing pin. A bowling
 * video shows a rack within seconds; ffmpeg's test pattern, a wrongly
 * clicked lane or a video of something else never gives a sure read (on the
 * test pattern it wavers around 0.5). Sampling stops once a rack is seen, so
 * a lane's video pays for one classifier call.
 */
import type { PinClassifier, PinSpot } from "../models/types.ts";
import type { Frame } from "../models/types.ts";

/** A read this sure (min over pins of max(p, 1 − p)) with a pin standing counts as a rack. */
export const RACK_CONFIDENCE = 0.8;

export interface LanePresence {
  /** Offers a frame (call for every frame; it reads one a second until a rack is seen). */
  observe(frame: Frame, spots: PinSpot[] | undefined): Promise<void>;
  /** What was seen: whether a rack was, and how many frames were read. */
  summary(): { rackSeen: boolean; reads: number };
}

export function createLanePresence(
  options: { pins: PinClassifier; fps: number },
): LanePresence {
  const every = Math.max(1, Math.round(options.fps));
  let rackSeen = false;
  let reads = 0;
  return {
    async observe(frame, spots) {
      if (rackSeen || !spots?.length || frame.seq % every !== 0) return;
      const [read] = await options.pins.classify([{ frame, spots }]);
      reads++;
      rackSeen = !!read && read.standing !== 0 && read.confidence >= RACK_CONFIDENCE;
    },
    summary: () => ({ rackSeen, reads }),
  };
}
