import assert from "node:assert/strict";
import type { Frame, PinClassifier, PinSpot, PinStateResult } from "../models/types.ts";
import { createLanePresence } from "./lane_presence.ts";

/** A pin classifier that answers `reads` in turn and counts its calls. */
function fakePins(reads: Omit<PinStateResult, "probabilities">[]) {
  let calls = 0;
  const pins: PinClassifier = {
    version: "fake",
    classify: (items) =>
      Promise.resolve(items.map(() => ({
        ...reads[Math.min(calls++, reads.length - 1)],
        probabilities: new Float32Array(10),
      }))),
  };
  return { pins, calls: () => calls };
}

const frame = (seq: number): Frame => ({
  laneId: "video",
  width: 16,
  height: 16,
  data: new Uint8Array(384),
  captureTimeMs: seq * 100,
  seq,
});
const spots: PinSpot[] = [{ x: 8, y: 4, scale: 2 }];

Deno.test("a sure read of standing pins is a lane; it is read once a second and then no more", async () => {
  const fake = fakePins([
    { standing: 0b1111111111, confidence: 0.55 },
    { standing: 0b1111111111, confidence: 0.97 },
  ]);
  const presence = createLanePresence({ pins: fake.pins, fps: 10 });
  for (let seq = 0; seq < 60; seq++) await presence.observe(frame(seq), spots);
  assert.deepEqual(presence.summary(), { rackSeen: true, reads: 2 });
  assert.equal(fake.calls(), 2, "frames 0 and 10 read; none after the rack was seen");
});

Deno.test("unsure reads, or sure reads of an empty deck, are no lane", async () => {
  for (
    const read of [
      { standing: 0b0000001000, confidence: 0.53 },
      { standing: 0, confidence: 1 },
    ]
  ) {
    const presence = createLanePresence({ pins: fakePins([read]).pins, fps: 10 });
    for (let seq = 0; seq < 30; seq++) await presence.observe(frame(seq), spots);
    assert.deepEqual(presence.summary(), { rackSeen: false, reads: 3 });
  }
});

Deno.test("a frame before the lane's view exists is skipped", async () => {
  const fake = fakePins([{ standing: 1, confidence: 1 }]);
  const presence = createLanePresence({ pins: fake.pins, fps: 10 });
  await presence.observe(frame(0), undefined);
  assert.equal(fake.calls(), 0);
});
