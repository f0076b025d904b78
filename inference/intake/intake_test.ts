import assert from "node:assert/strict";
import { stampTime } from "../../sim/stamp.ts";
import { CaptureClock } from "./capture_clock.ts";
import { FrameSlot } from "./frame_slot.ts";
import { LaneDirectory } from "./lane_directory.ts";
import type { ServerClient, WatchLane } from "./server_client.ts";

const frame = (seq: number) => ({
  laneId: "1",
  width: 2,
  height: 2,
  data: new Uint8Array(6),
  captureTimeMs: seq,
  seq,
});

Deno.test("FrameSlot keeps only the newest frame and counts the ones it drops", () => {
  const slot = new FrameSlot();
  slot.put(frame(1));
  slot.put(frame(2));
  slot.put(frame(3));
  assert.equal(slot.take()?.seq, 3);
  assert.equal(slot.take(), null);
  assert.deepEqual([slot.received, slot.dropped, slot.taken], [3, 2, 1]);
});

Deno.test("CaptureClock reads stamped capture times and applies the measured delay to unstamped frames", () => {
  const clock = new CaptureClock(80);
  const data = new Uint8Array(640 * 360 * 1.5).fill(100);
  stampTime(data, 640, 360, 1_800_000_000_000);
  assert.deepEqual(clock.captureTime(data, 640, 360, 1_800_000_000_120), {
    ms: 1_800_000_000_000,
    stamped: true,
  });
  const plain = new Uint8Array(640 * 360 * 1.5).fill(100);
  assert.deepEqual(clock.captureTime(plain, 640, 360, 1_800_000_001_000), {
    ms: 1_800_000_000_880,
    stamped: false,
  });
});

Deno.test("LaneDirectory.apply() starts new lanes, restarts recalibrated ones and lets go of removed ones", async () => {
  const added: string[] = [], removed: string[] = [];
  const never = { lanes: () => new Promise(() => {}) } as unknown as ServerClient;
  const dir = new LaneDirectory({
    server: never,
    scanMs: 60_000,
    onAdd: (l) => added.push(l.id),
    onRemove: (id) => removed.push(id),
  });
  const lane = (id: string, live: boolean, calibration: WatchLane["calibration"] = null) => ({
    id,
    source: "sim",
    live,
    calibration,
  });
  dir.apply([lane("1", true), lane("2", false)]);
  dir.apply([lane("1", true), lane("2", true)]);
  dir.apply([lane("1", true, { camera: { focalPx: 700 } })]);
  assert.deepEqual(added, ["1", "2", "1"]);
  assert.deepEqual(removed, ["2"]);
  await dir.stop();
});
