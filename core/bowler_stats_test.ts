import assert from "node:assert/strict";
import { type GameFrames, shotPoints, strikeRateByFrame } from "./bowler_stats.ts";

const metrics = (mph: number) => ({
  launchSpeedMph: mph,
  entrySpeedMph: mph - 2,
  arrowsBoard: 12,
  breakpointBoard: 8,
  breakpointFt: 41,
  entryBoard: 17.5,
  entryAngleDeg: 5.5,
});

Deno.test("strikeRateByFrame() counts the first ball of each frame only, over every game", () => {
  const a: GameFrames[] = [
    { number: 1, balls: [{ mark: "X" }] },
    { number: 2, balls: [{ mark: "9" }, { mark: "/" }] },
    { number: 10, balls: [{ mark: "X" }, { mark: "X" }, { mark: "X" }] },
  ];
  const b: GameFrames[] = [
    { number: 1, balls: [{ mark: "7" }, { mark: "-" }] },
    { number: 2, balls: [{ mark: "X" }] },
    { number: 3, balls: [] },
  ];
  const rates = strikeRateByFrame([a, b]);
  assert.equal(rates.length, 10);
  assert.deepEqual(rates[0], { frame: 1, chances: 2, strikes: 1, rate: 0.5 });
  assert.deepEqual(rates[1], { frame: 2, chances: 2, strikes: 1, rate: 0.5 });
  assert.deepEqual(
    rates[2],
    { frame: 3, chances: 0, strikes: 0, rate: null },
    "no ball, no chance",
  );
  assert.deepEqual(rates[9], { frame: 10, chances: 1, strikes: 1, rate: 1 }, "fill balls ignored");
});

Deno.test("strikeRateByFrame() of no games has ten frames with no rate", () => {
  assert.deepEqual(
    strikeRateByFrame([]).map((r) => [r.frame, r.rate]),
    Array.from({ length: 10 }, (_, i) => [i + 1, null]),
  );
});

Deno.test("shotPoints() keeps tracked balls only, oldest first, with their place on the sheet", () => {
  const points = shotPoints(
    [
      {
        sessionId: "s2",
        frames: [{
          number: 1,
          balls: [{ mark: "8", shotId: "late" }, { mark: "/", shotId: null }],
        }],
      },
      {
        sessionId: "s1",
        frames: [
          {
            number: 4,
            balls: [{ mark: "7", shotId: "untracked" }, { mark: "2", shotId: "early" }],
          },
        ],
      },
    ],
    new Map([
      ["late", { releasedAtMs: 2_000, metrics: metrics(17) }],
      ["early", { releasedAtMs: 1_000, metrics: metrics(15) }],
      ["untracked", { releasedAtMs: 500, metrics: null }],
    ]),
  );
  assert.deepEqual(points.map((p) => [p.shotId, p.sessionId, p.frame, p.ball, p.mark]), [
    ["early", "s1", 4, 2, "2"],
    ["late", "s2", 1, 1, "8"],
  ]);
  assert.equal(points[0].at, new Date(1_000).toISOString());
  assert.equal(points[0].launchSpeedMph, 15);
  assert.equal(points[1].entrySpeedMph, 15);
});
