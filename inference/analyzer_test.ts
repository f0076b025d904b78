/**
 * The analyzer's idle thinning, on a simulated lane rendered straight into it
 * with the shipped models: off by default (the ball detector looks at every
 * frame, as the live sidecar needs), and when on, it looks at far fewer
 * frames and finds the same shots to the frame.
 */
import assert from "node:assert/strict";
import { createLaneSim } from "../sim/render.ts";
import { Analyzer } from "./analyzer.ts";
import type { ShotReport } from "./events/shot_report.ts";
import { loadModels } from "./model_loader.ts";

const FPS = 30;
const T0 = 1_800_000_000_000;

/** Renders `shots` shots of seed 200 through an analyzer; counts the frames the ball detector saw. */
async function run(idleStride?: number) {
  const views: { analyzer?: Analyzer } = {};
  const models = await loadModels((id) => views.analyzer?.view(id), "trained", {}, { threads: 1 });
  let looked = 0;
  const detect = models.ball.detect.bind(models.ball);
  models.ball = {
    version: models.ball.version,
    detect: (items) => {
      looked += items.length;
      return detect(items);
    },
  };
  const shots: ShotReport[] = [];
  const a = views.analyzer = new Analyzer(
    models,
    (_lane, shot) => shots.push(shot),
    () => {},
    idleStride ? { idleStride } : {},
  );
  a.setLane("1", null);
  const sim = createLaneSim({ seed: 200, width: 640, height: 360, fps: FPS, lane: 1 });
  let frame = 0;
  for (; sim.shotsUpTo(frame).length <= 2; frame++) {
    const data = new Uint8Array(sim.frameSize);
    sim.renderFrame(frame, data);
    const captureTimeMs = T0 + (frame * 1000) / FPS;
    await a.process([{ laneId: "1", width: 640, height: 360, data, captureTimeMs, seq: frame }]);
  }
  const truths = sim.shotsUpTo(frame).slice(0, 2);
  return { shots, looked, frames: frame, truths };
}

Deno.test("the analyzer's idle thinning looks at far fewer frames and finds the same shots; off by default", async () => {
  const every = await run();
  const thinned = await run(3);
  assert.equal(every.looked, every.frames, "by default the ball detector looks at every frame");
  assert.ok(
    thinned.looked < 0.7 * every.frames,
    `thinned: ${thinned.looked} of ${every.frames} frames looked at`,
  );
  assert.equal(every.shots.length, 2);
  assert.equal(thinned.shots.length, every.shots.length);
  every.shots.forEach((shot, i) => {
    const other = thinned.shots[i];
    const truth = every.truths[i];
    assert.equal(shot.standing, truth.standingAfter, "pins standing after the ball");
    assert.equal(other.standing, shot.standing);
    assert.equal(other.standingBefore, shot.standingBefore);
    assert.deepEqual(other.events, shot.events, "approach, release, arrows, impact, pinfall");
    assert.deepEqual(other.metrics, shot.metrics, "speed and boards");
  });
});
