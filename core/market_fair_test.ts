import assert from "node:assert/strict";
import fc from "fast-check";
import { FULL_RACK, standingOf } from "./pins.ts";
import {
  clampProbability,
  normalCdf,
  overUnder,
  PINS_PRIOR,
  pinsLine,
  pinsOverProbability,
  recentSpeeds,
  sameDifficulty,
  sparePrior,
  spareProbability,
  speedFit,
  speedLine,
  speedOverProbability,
  strikeProbability,
  yesNo,
} from "./market_fair.ts";

const leave = (...pins: number[]) => standingOf(pins);

Deno.test("clampProbability() keeps every probability in [0.01, 0.99], 4 decimals", () => {
  assert.equal(clampProbability(0), 0.01);
  assert.equal(clampProbability(1), 0.99);
  assert.equal(clampProbability(-3), 0.01);
  assert.equal(clampProbability(0.123456), 0.1235);
  assert.equal(clampProbability(Number.NaN), 0.5);
});

Deno.test("yesNo() and overUnder() sum to exactly 1 for any probability", () => {
  fc.assert(
    fc.property(fc.double({ min: -1, max: 2, noNaN: true }), (p) => {
      const a = yesNo(p);
      const b = overUnder(p);
      assert.equal(a.yes + a.no, 1);
      assert.equal(b.over + b.under, 1);
      for (const q of [a.yes, a.no, b.over, b.under]) assert.ok(q >= 0.01 && q <= 0.99);
    }),
    { numRuns: 500 },
  );
});

Deno.test("strikeProbability() is Laplace's rule: 1/2 with no history, never 0 or 1", () => {
  assert.equal(strikeProbability(0, 0), 0.5);
  assert.equal(strikeProbability(3, 10), 4 / 12);
  assert.ok(strikeProbability(0, 1000) > 0);
  assert.ok(strikeProbability(1000, 1000) < 1);
});

Deno.test("PINS_PRIOR is a typical league bowler: mean about 8 pins", () => {
  const total = PINS_PRIOR.reduce((a, b) => a + b, 0);
  const mean = PINS_PRIOR.reduce((a, w, pins) => a + w * pins, 0) / total;
  assert.equal(PINS_PRIOR.length, 11);
  assert.ok(Math.abs(mean - 8) < 0.25, `mean ${mean}`);
});

Deno.test("pinsLine() splits the bowler's first balls closest to evenly, 7.5 without enough history", () => {
  assert.equal(pinsLine([]), 7.5);
  assert.equal(pinsLine([3, 4]), 7.5);
  assert.equal(pinsLine([3, 4, 5, 6]), 4.5); // 2 over, 2 under
  assert.equal(pinsLine([9, 9, 10, 10]), 9.5); // 10s over, 9s under
  assert.equal(pinsLine([8, 9, 9, 9, 10, 10]), 9.5); // 2 of 6 over 9.5 beats 5 of 6 over 8.5
  assert.equal(pinsLine([8, 9, 9, 10]), 8.5); // 3 of 4 over 8.5, 1 of 4 over 9.5: tie → toward 7.5
  assert.equal(pinsLine([10, 10, 10]), 7.5); // every line the same: the default
});

Deno.test("pinsLine() is always an x.5 in 0.5…9.5", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 40 }), (counts) => {
      const line = pinsLine(counts);
      assert.ok(line >= 0.5 && line <= 9.5 && line % 1 === 0.5);
    }),
  );
});

Deno.test("pinsOverProbability() mixes the prior with the history and falls as the line rises", () => {
  assert.ok(Math.abs(pinsOverProbability([], 7.5) - 0.68) < 1e-9); // (1.6 + 2.2 + 3) / 10
  // Ten gutter balls drag it down; ten strikes push it up.
  assert.ok(pinsOverProbability(Array(10).fill(0), 7.5) < 0.4);
  assert.ok(pinsOverProbability(Array(10).fill(10), 7.5) > 0.8);
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 40 }), (counts) => {
      let previous = 1;
      for (let line = 0.5; line < 10; line++) {
        const p = pinsOverProbability(counts, line);
        assert.ok(p > 0 && p < 1 && p <= previous);
        previous = p;
      }
    }),
  );
});

Deno.test("sparePrior() depends on the pins left, and a split is hard", () => {
  assert.ok(sparePrior(leave(10)) > sparePrior(leave(6, 10)));
  assert.ok(sparePrior(leave(6, 10)) > sparePrior(leave(2, 4, 5, 8)));
  assert.ok(sparePrior(leave(7, 10)) < sparePrior(leave(6, 10)), "7-10 split below the 6-10");
  assert.ok(sameDifficulty(leave(7, 10), leave(4, 6)));
  assert.ok(!sameDifficulty(leave(7, 10), leave(6, 10)));
  assert.ok(sparePrior(FULL_RACK) > 0 && sparePrior(FULL_RACK) < 1);
});

Deno.test("spareProbability() moves from the prior toward the bowler's conversions of like leaves", () => {
  const single = leave(10);
  assert.equal(spareProbability(single, []), sparePrior(single));
  const missed = Array.from({ length: 8 }, (_, i) => ({ leave: leave(i + 1), converted: false }));
  assert.ok(spareProbability(single, missed) < sparePrior(single) / 2);
  // Attempts at other leaves do not count.
  const splits = Array.from({ length: 8 }, () => ({ leave: leave(7, 10), converted: true }));
  assert.equal(spareProbability(single, splits), sparePrior(single));
  assert.ok(spareProbability(leave(4, 6), splits) > 0.6);
});

Deno.test("recentSpeeds() keeps the last 10 measured speeds", () => {
  const speeds = [null, ...Array.from({ length: 12 }, (_, i) => 10 + i), Number.NaN, 0, -4];
  assert.deepEqual(recentSpeeds(speeds), [12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
});

Deno.test("speedLine() is the x.5 nearest the mean", () => {
  assert.equal(speedLine(16.55), 16.5);
  assert.equal(speedLine(16.99), 16.5);
  assert.equal(speedLine(17.01), 17.5);
  fc.assert(
    fc.property(fc.double({ min: 1, max: 40, noNaN: true }), (mean) => {
      const line = speedLine(mean);
      assert.ok(Math.abs(line - mean) <= 0.5 && line % 1 === 0.5);
    }),
  );
});

Deno.test("speedFit() never claims a spread below 0.5 mph", () => {
  assert.deepEqual(speedFit([16, 16, 16]), { mean: 16, sd: 0.5 });
  const { mean, sd } = speedFit([15, 16, 17]);
  assert.equal(mean, 16);
  assert.equal(sd, 1);
});

Deno.test("normalCdf() matches the standard normal table", () => {
  assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
  assert.ok(Math.abs(normalCdf(1) - 0.841345) < 1e-6);
  assert.ok(Math.abs(normalCdf(-1.96) - 0.024998) < 1e-6);
  assert.ok(Math.abs(normalCdf(3) - 0.99865) < 1e-5);
});

Deno.test("speedOverProbability() is above 1/2 when the line is below the mean", () => {
  const speeds = [16.2, 16.8, 17.0, 16.6]; // mean 16.65
  assert.ok(speedOverProbability(speeds, 16.5) > 0.5);
  assert.ok(speedOverProbability(speeds, 17.5) < 0.1);
});
