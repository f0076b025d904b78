import assert from "node:assert/strict";
import { projectLanePoint } from "../core/lane_geometry.ts";
import { createLaneSim } from "./render.ts";
import { BALL_RADIUS_FT, boardAt, ftAtTime } from "./physics.ts";
import { ShotSequence } from "./shot_sequence.ts";

const W = 640;
const H = 360;

Deno.test("renderFrame() is deterministic: same seed and frame give the same bytes in any order", () => {
  const a = createLaneSim({ seed: 9, width: W, height: H });
  const b = createLaneSim({ seed: 9, width: W, height: H });
  const frames = [700, 12, 333, 12, 1500];
  const outA = frames.map((f) => {
    const buf = new Uint8Array(a.frameSize);
    a.renderFrame(f, buf);
    return buf;
  });
  for (const f of [1500, 333, 12, 700]) {
    const buf = new Uint8Array(b.frameSize);
    b.renderFrame(f, buf);
    assert.deepEqual(buf, outA[frames.indexOf(f)], `frame ${f}`);
  }
  const other = createLaneSim({ seed: 10, width: W, height: H });
  const buf = new Uint8Array(other.frameSize);
  other.renderFrame(12, buf);
  assert.notDeepEqual(buf, outA[1]);
});

Deno.test("consecutive frames differ by sensor noise and the frame size is I420", () => {
  const sim = createLaneSim({ seed: 1, width: W, height: H });
  assert.equal(sim.frameSize, W * H * 3 / 2);
  const f0 = new Uint8Array(sim.frameSize);
  const f1 = new Uint8Array(sim.frameSize);
  sim.renderFrame(0, f0);
  sim.renderFrame(1, f1);
  let changed = 0;
  for (let i = 0; i < W * H; i++) if (f0[i] !== f1[i]) changed++;
  assert.ok(changed > W * H * 0.3, "noise changes most pixels");
  // An unaligned output buffer takes the slow path but gives the same bytes.
  const big = new Uint8Array(sim.frameSize + 1);
  sim.renderFrame(1, big.subarray(1));
  assert.deepEqual(big.subarray(1), f1);
  assert.throws(() => createLaneSim({ seed: 1, width: 641, height: 360 }), RangeError);
  assert.throws(() => sim.renderFrame(-1, f0), RangeError);
});

Deno.test("the rendered frame shows standing pins, the ball on its path, and an empty deck after a strike", () => {
  const seed = 3;
  const [w, h] = [1280, 720];
  const sim = createLaneSim({ seed, width: w, height: h, noise: 0 });
  const cam = sim.calibration.camera;
  const seq = new ShotSequence({ seed, lane: 1, fps: 30 });
  const truths = seq.truthsUpTo(30 * 600);
  const i = truths.findIndex((t) => t.ball === 1 && t.standingAfter === 0);
  assert.ok(i >= 0, "some strike in ten minutes");
  const shot = truths[i];
  const plan = seq.plan(i);
  const buf = new Uint8Array(sim.frameSize);
  const lumaAt = (buf: Uint8Array, u: number, v: number) => buf[Math.round(v) * w + Math.round(u)];
  // Before the shot the head pin is white 7 in up, where the pit is behind it.
  const head = projectLanePoint(cam, 20, 60, 0.6);
  sim.renderFrame(shot.approachFrame, buf);
  assert.ok(lumaAt(buf, head.u, head.v) > 180, `pin luma ${lumaAt(buf, head.u, head.v)}`);
  // Mid-lane the ball sits where the path says it is.
  const f = Math.round((shot.arrowsFrame + shot.impactFrame) / 2);
  const ft = ftAtTime(plan.path, (f - plan.startFrame) / 30 - plan.times.releaseS);
  const ball = projectLanePoint(cam, boardAt(plan.path, ft), ft, BALL_RADIUS_FT);
  const withBall = new Uint8Array(sim.frameSize);
  sim.renderFrame(f, withBall);
  const later = new Uint8Array(sim.frameSize);
  sim.renderFrame(shot.impactFrame + 20, later);
  assert.ok(
    Math.abs(lumaAt(withBall, ball.u, ball.v) - lumaAt(later, ball.u, ball.v)) > 25,
    "ball differs from the lane",
  );
  // Once the strike settles the head pin spot shows the dark pit behind it.
  sim.renderFrame(shot.settledFrame, buf);
  assert.ok(lumaAt(buf, head.u, head.v) < 100, `after strike ${lumaAt(buf, head.u, head.v)}`);
  // The next ball starts with a full rack again.
  sim.renderFrame(truths[i + 1].approachFrame, buf);
  assert.ok(lumaAt(buf, head.u, head.v) > 180);
});

Deno.test("the bowler walks into view before the release and out again after", () => {
  const sim = createLaneSim({ seed: 4, width: W, height: H, noise: 0 });
  const [shot, next] = sim.shotsUpTo(30 * 30);
  const empty = new Uint8Array(sim.frameSize);
  const buf = new Uint8Array(sim.frameSize);
  sim.renderFrame(shot.approachFrame - 5, empty);
  const changed = (frame: number) => {
    sim.renderFrame(frame, buf);
    let n = 0;
    for (let i = H / 2 * W; i < W * H; i++) if (Math.abs(buf[i] - empty[i]) > 20) n++;
    return n / (W * H / 2);
  };
  assert.ok(changed(shot.releaseFrame - 3) > 0.03, "bowler in the lower half near release");
  assert.ok(changed(next.approachFrame - 5) < 0.01, "gone before the next approach");
});

Deno.test("eventsBetween() reports each shot's events in frame order", () => {
  const sim = createLaneSim({ seed: 2, width: W, height: H });
  const events = sim.eventsBetween(0, 30 * 60);
  const kinds = events.map((e) => e.kind);
  assert.deepEqual(kinds.slice(0, 5), ["approach", "release", "arrows", "impact", "settled"]);
  for (let i = 1; i < events.length; i++) assert.ok(events[i].frame >= events[i - 1].frame);
  const split = [...sim.eventsBetween(0, 700), ...sim.eventsBetween(700, 30 * 60)];
  assert.deepEqual(split.map((e) => [e.kind, e.frame]), events.map((e) => [e.kind, e.frame]));
  assert.equal(sim.shotAt(events[0].frame).shot, 0);
  assert.deepEqual(sim.eventsBetween(10, 10), []);
});
