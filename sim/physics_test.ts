import assert from "node:assert/strict";
import { createPrng } from "../core/prng.ts";
import { createBowler, intendedLaunch, throwBall } from "./bowler.ts";
import {
  type BallLaunch,
  boardAt,
  buildBallPath,
  freeBoardAt,
  ftAtTime,
  pathDuration,
  speedAt,
  timeAt,
  turningPointFt,
} from "./physics.ts";
import { ALL_PINS, maskOf } from "./pins.ts";

const hook: BallLaunch = {
  speedMph: 18,
  speedLossMph: 2.5,
  foulBoard: 20,
  launchSlope: -0.3,
  hookStartFt: 37,
  rollStartFt: 55,
  hookAccel: 0.066,
};

Deno.test("a hook ball skids, turns at its breakpoint and enters at an angle", () => {
  const p = buildBallPath(hook);
  const bp = turningPointFt(p)!;
  assert.ok(bp > 40 && bp < 43, `breakpoint ${bp}`);
  assert.ok(boardAt(p, bp) < boardAt(p, 15) && boardAt(p, bp) < boardAt(p, 59.5));
  // Straight during the skid phase.
  const s1 = boardAt(p, 10) - boardAt(p, 5);
  const s2 = boardAt(p, 30) - boardAt(p, 25);
  assert.ok(Math.abs(s1 - s2) < 1e-9);
  assert.equal(p.gutterFt, null);
});

Deno.test("the ball slows by the speed loss over the lane and time runs forward", () => {
  const p = buildBallPath(hook);
  assert.ok(Math.abs(speedAt(p, 0) - 18) < 1e-9);
  assert.ok(Math.abs(speedAt(p, 60) - 15.5) < 1e-9);
  for (let i = 1; i < p.time.length; i++) assert.ok(p.time[i] > p.time[i - 1]);
  const t60 = timeAt(p, 60);
  assert.ok(t60 > 2 && t60 < 3, `60 ft in ${t60} s`);
  assert.ok(Math.abs(ftAtTime(p, timeAt(p, 33.3)) - 33.3) < 1e-6);
  assert.equal(ftAtTime(p, -1), 0);
  assert.ok(ftAtTime(p, pathDuration(p) + 1) > 62);
});

Deno.test("a ball that leaves the lane drops into the gutter and stays there", () => {
  const p = buildBallPath({ ...hook, foulBoard: 5, launchSlope: -0.4, hookAccel: 0 });
  assert.ok(p.gutterFt !== null && p.gutterFt < 15, `gutter at ${p.gutterFt}`);
  assert.ok(boardAt(p, 40) < 0);
  assert.ok(Math.abs(boardAt(p, 40) - boardAt(p, 60)) < 1e-9);
});

Deno.test("thrown balls stay within 14–22 mph and aim for the pocket", () => {
  let near = 0;
  const n = 400;
  for (let i = 0; i < n; i++) {
    const rng = createPrng(9, i);
    const bowler = createBowler(rng);
    const l = throwBall(rng, bowler, ALL_PINS);
    assert.ok(l.speedMph >= 14 && l.speedMph <= 22, `speed ${l.speedMph}`);
    const aim = intendedLaunch(bowler, ALL_PINS);
    assert.ok(Math.abs(freeBoardAt(aim, 59.5) - 17.5) < 1e-9);
    if (Math.abs(freeBoardAt(l, 59.5) - 17.5) < 2.5) near++;
  }
  assert.ok(near / n > 0.6, `${near}/${n} within 2.5 boards of the pocket`);
});

Deno.test("spare shots aim at the front pin of the leave", () => {
  const rng = createPrng(3, 1);
  const bowler = createBowler(rng);
  const aim = intendedLaunch(bowler, maskOf(10));
  assert.ok(Math.abs(freeBoardAt(aim, 62.598) - 3.084) < 0.01);
  assert.ok(aim.foulBoard > 20, "crosses the lane from the left for the 10 pin");
});

Deno.test("every kind of bowler can reach every single-pin spare without the gutter", () => {
  const kinds = new Set<string>();
  for (let i = 0; kinds.size < 4 && i < 200; i++) {
    const bowler = createBowler(createPrng(77, i));
    if (kinds.has(bowler.kind)) continue;
    kinds.add(bowler.kind);
    for (let pin = 1; pin <= 10; pin++) {
      const aim = intendedLaunch(bowler, maskOf(pin));
      assert.ok(
        aim.foulBoard >= 5 && aim.foulBoard <= 35,
        `${bowler.kind} pin ${pin} from ${aim.foulBoard}`,
      );
      const path = buildBallPath(aim);
      assert.equal(path.gutterFt, null, `${bowler.kind} pin ${pin}`);
    }
  }
  assert.equal(kinds.size, 4);
});
