import assert from "node:assert/strict";
import { BallTracker, type LaneObservation } from "./ball_tracker.ts";

const obs = (tMs: number, ft: number, board: number, confidence = 0.9): LaneObservation => ({
  tMs,
  ft,
  board,
  confidence,
  sigmaBoard: 0.2,
  sigmaFt: 0.2,
});

Deno.test("BallTracker starts on a ball moving down the lane, ignores a still blob and a wild point, and ends at the pins", () => {
  const tr = new BallTracker();
  for (let i = 0; i < 60; i++) {
    const t = 1000 + i * 33.3;
    const ft = 20 + 0.8 * i; // 24 ft/s
    const d = [obs(t, ft, 12 + 0.05 * i), obs(t, 8, 30)]; // the ball and a still blob (the bowler)
    if (i === 20) d.push(obs(t, ft + 0.3, 35)); // a wild point next to the ball's distance
    tr.update(t, d);
    if (tr.state === "done") break;
  }
  assert.equal(tr.state, "done");
  assert.ok(tr.points.length >= 45);
  assert.ok(
    tr.points.every((p) => p.board < 20),
    "neither the still blob nor the wild point joined the track",
  );
  assert.ok(tr.points[tr.points.length - 1].ft >= 60);
});

Deno.test("BallTracker gives up on a ball lost for half a second", () => {
  const tr = new BallTracker();
  for (let i = 0; i < 5; i++) tr.update(i * 33, [obs(i * 33, 25 + 0.8 * i, 10)]);
  assert.equal(tr.state, "tracking");
  for (let i = 5; i < 25; i++) tr.update(i * 33, []);
  assert.equal(tr.state, "done");
  tr.reset();
  assert.equal(tr.state, "idle");
  assert.equal(tr.points.length, 0);
});

Deno.test("BallTracker does not start on blobs that do not move like a ball", () => {
  const tr = new BallTracker();
  for (let i = 0; i < 30; i++) {
    tr.update(i * 33, [obs(i * 33, 10, 20), obs(i * 33, 30 - 0.5 * i, 5)]);
  }
  assert.equal(tr.state, "idle");
});

Deno.test("BallTracker keeps predicting a rolling ball after the ball stood still in the hand", () => {
  const tr = new BallTracker();
  let t = 0;
  // The swing brings the ball forward, it stays at the foul line, then it is rolled at 25 ft/s
  // and hidden by the bowler's follow-through for 0.15 s.
  for (const ft of [-2, -1.5, -0.8, -0.2]) tr.update(t += 33, [obs(t, ft, 15)]);
  for (let i = 0; i < 10; i++) tr.update(t += 33, [obs(t, 0, 15)]);
  assert.equal(tr.state, "tracking");
  const release = t;
  for (let i = 1; i < 80 && tr.state === "tracking"; i++) {
    t += 33;
    tr.update(t, i <= 4 ? [] : [obs(t, ((t - release) / 1000) * 25, 15)]);
  }
  assert.equal(tr.state, "done");
  assert.ok(tr.points[tr.points.length - 1].ft >= 60, "followed to the pins");
});
