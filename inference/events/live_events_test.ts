import assert from "node:assert/strict";
import { defaultSimCalibration } from "../../core/lane_geometry.ts";
import type { LaneEvent } from "../../core/lane_events.ts";
import { LaneEventSchema } from "../../core/lane_events.ts";
import { boardAt, buildBallPath, ftAtTime, pathDuration } from "../../sim/physics.ts";
import type { BallDetection, Frame, Region } from "../models/types.ts";
import { fromCalibration } from "../tracking/lane_view.ts";
import { LiveEvents, RELEASE_FALLBACK_MS } from "./live_events.ts";
import { ShotDetector } from "./shot_detector.ts";
import { pinRead, TEST_LAUNCH } from "./test_ball.ts";

const LAUNCH = TEST_LAUNCH;
const RELEASE = 1_700_000_000_000;
const at = (s: number) => RELEASE + s * 1000;

const pins = pinRead;

/** A frame whose `regions` differ from the still picture on odd frames (motion there). */
function frameWith(i: number, regions: Region[]): Uint8Array {
  const data = new Uint8Array(640 * 360 * 1.5);
  if (i % 2) {
    for (const r of regions) {
      for (let y = r.y; y < r.y + r.height; y++) {
        data.fill(200, y * 640 + r.x, y * 640 + r.x + r.width);
      }
    }
  }
  return data;
}

/**
 * One simulated ball, frame by frame at 30 fps, through a shot detector and
 * its live events: the rack standing, the bowler moving on the approach from
 * 1.5 s before the release, the ball (seen unless `ballSeen` is false) from
 * the foul line to the pins, the pins falling for a second after impact, then the
 * pinsetter moving the deck for two seconds and the next rack standing.
 */
function runBall({ ballSeen = true } = {}): LaneEvent[] {
  const view = fromCalibration(defaultSimCalibration(640, 360));
  const det = new ShotDetector({ laneId: "1", view, models: { ball: "b", pins: "p" } });
  const live = new LiveEvents({ laneId: "1", models: { ball: "b", pins: "p" } });
  const path = buildBallPath(LAUNCH);
  const impactS = pathDuration(path);
  const events: LaneEvent[] = [];
  let afterImpact = false;
  for (let i = -150; i < 420; i++) {
    const s = i / 30;
    let d: BallDetection[] = [];
    if (ballSeen && s >= 0 && s < impactS) {
      const ft = ftAtTime(path, s);
      if (ft > 0.5 && ft < 60.6) {
        const c = view.ballToImage({ board: boardAt(path, ft), ft });
        d = [{ x: c.u, y: c.v, radius: view.ballRadiusPx(c.u, c.v), confidence: 0.95 }];
      }
    }
    const moving: Region[] = [];
    if (s >= -1.5 && s < 0.2) moving.push(view.approachRegion);
    const pinsFalling = s >= impactS && s < impactS + 1;
    const pinsetter = s >= impactS + 4 && s < impactS + 6;
    if (pinsFalling || pinsetter) moving.push(view.deckRegion);
    if (s >= impactS + 4) afterImpact = true;
    const frame: Frame = {
      laneId: "1",
      width: 640,
      height: 360,
      data: frameWith(i, moving),
      captureTimeMs: at(s),
      seq: i,
    };
    det.observe(frame);
    events.push(...live.afterMotion(frame.captureTimeMs, det));
    const before = det.state;
    const read = det.onFrame(frame, d);
    events.push(...live.afterFrame(frame.captureTimeMs, det, before));
    if (read) {
      const standing = read === "after" || (s > impactS && !afterImpact) ? 0b1000000000 : 0x3ff;
      det.onPins(read, pins(standing));
    }
    events.push(...live.afterPins(frame.captureTimeMs, det));
    det.take();
  }
  return events;
}

Deno.test("LiveEvents tells rack-ready, approach, release, pinfall and the next rack-ready of a simulated ball, in order", () => {
  const events = runBall();
  assert.deepEqual(events.map((e) => e.type), [
    "rack-ready",
    "approach",
    "release",
    "pinfall",
    "rack-ready",
  ]);
  for (const e of events) LaneEventSchema.parse(e);
  const t = (type: string) => events.find((e) => e.type === type)!.captureTimeMs;
  // The approach at the first frame that moved; the release within a few frames of the ball being seen.
  assert.equal(t("approach"), Math.round(at(-1.5)));
  const release = events.find((e) => e.type === "release")!;
  assert.ok(release.confidence >= 0.9 && release.model === "b");
  assert.ok(
    release.atMs !== undefined && Math.abs(release.atMs - RELEASE) < 100,
    "release estimated back to the foul line",
  );
  assert.equal(events.at(-1)!.standing, 0x3ff);
  assert.deepEqual(new Set(events.map((e) => e.id)).size, events.length);
});

Deno.test("LiveEvents ids are deterministic: the same frames give the same ids", () => {
  assert.deepEqual(runBall().map((e) => e.id), runBall().map((e) => e.id));
});

Deno.test("LiveEvents still tells a release, from the approach's timing, when no ball is seen", () => {
  const events = runBall({ ballSeen: false });
  const types = events.map((e) => e.type);
  assert.deepEqual(types.slice(0, 3), ["rack-ready", "approach", "release"]);
  const approach = events[1], release = events[2];
  assert.equal(release.model, "motion-rules@1");
  assert.ok(release.confidence < 0.5);
  assert.ok(
    release.captureTimeMs - approach.captureTimeMs >= RELEASE_FALLBACK_MS &&
      release.captureTimeMs - approach.captureTimeMs < RELEASE_FALLBACK_MS + 100,
  );
});

/** A detector as LiveEvents sees it, set by the test frame by frame. */
function stubDetector() {
  return {
    state: "ready" as string,
    lastOnsetMs: -Infinity,
    deckStillSinceMs: null as number | null,
    approachQuietSinceMs: 0 as number | null,
    rackRead: () => null,
    releaseEstimateMs: () => null,
  };
}

Deno.test("LiveEvents does not let a rack-ready it never told hide the next bowler or ball", () => {
  const live = new LiveEvents({ laneId: "1", models: { ball: "b", pins: "p" } });
  const d = stubDetector();
  const det = d as unknown as ShotDetector;
  const types: string[] = [];
  const step = (t: number, before: string) => {
    types.push(...live.afterMotion(t, det).map((e) => e.type));
    types.push(...live.afterFrame(t, det, before as ShotDetector["state"]).map((e) => e.type));
    types.push(...live.afterPins(t, det).map((e) => e.type));
  };
  d.state = "reading";
  step(at(3), "settling");
  d.state = "ready";
  step(at(4), "reading"); // the pinsetter moves the deck
  d.deckStillSinceMs = at(6); // still again, but the new rack never reads surely
  step(at(6.5), "ready");
  d.lastOnsetMs = at(8);
  step(at(8), "ready");
  d.state = "rolling";
  step(at(9.5), "ready");
  assert.deepEqual(types, ["pinfall", "approach", "release"]);

  // And a ball tracked with no approach told at all still gets its release.
  const bare = new LiveEvents({ laneId: "1", models: { ball: "b", pins: "p" } });
  const e = stubDetector();
  e.state = "reading";
  bare.afterFrame(at(3), e as unknown as ShotDetector, "settling");
  e.state = "rolling";
  assert.deepEqual(
    bare.afterFrame(at(12), e as unknown as ShotDetector, "ready").map((x) => x.type),
    ["release"],
  );
});

Deno.test("LiveEvents never tells rack-ready while someone is moving on the approach", () => {
  const live = new LiveEvents({ laneId: "1", models: { ball: "b", pins: "p" } });
  const d = {
    ...stubDetector(),
    deckStillSinceMs: at(0),
    approachQuietSinceMs: null as number | null,
    rackRead: () => ({ standing: 0x3ff, probabilities: [], confidence: 1, reads: 3 }),
  };
  const det = d as unknown as ShotDetector;
  assert.deepEqual(live.afterPins(at(2), det), []);
  d.approachQuietSinceMs = at(2);
  assert.deepEqual(live.afterPins(at(2.3), det), []);
  assert.deepEqual(live.afterPins(at(3), det).map((e) => e.type), ["rack-ready"]);
});
