import assert from "node:assert/strict";
import fc from "fast-check";
import { MARKET_KINDS, type MarketKind, OUTCOME_KEYS } from "./markets.ts";
import { FULL_RACK, standingOf } from "./pins.ts";
import { type BallInput, scoreGame } from "./scoring.ts";
import {
  type BallResult,
  type BowlerHistory,
  type HistoryBall,
  historyBallsOf,
  isFirstOfRack,
  isSpareAttempt,
  KIND_OUTCOMES,
  marketsForBall,
  outcomeOf,
  pinsDown,
} from "./market_kinds.ts";

const leave = (...pins: number[]) => standingOf(pins);
const none: BowlerHistory = { balls: [] };
const result = (
  standingBefore: number,
  standingAfter: number,
  foul = false,
  speed: number | null = 17,
): BallResult => ({
  standingBefore,
  standingAfter,
  foul,
  launchSpeedMph: speed,
});
const kinds = (ball: { frame: number; ball: number; standing: number }, history = none) =>
  marketsForBall(ball, history).map((m) => m.kind);

/** A history of first balls leaving these standings, each at `speed`. */
const firsts = (afters: number[], speed: number | null = null): HistoryBall[] =>
  afters.map((standingAfter, i) => ({
    frame: (i % 9) + 1,
    ball: 1,
    standingBefore: FULL_RACK,
    standingAfter,
    foul: false,
    launchSpeedMph: speed,
  }));

Deno.test("KIND_OUTCOMES is the wire contract's OUTCOME_KEYS", () => {
  assert.deepEqual(KIND_OUTCOMES, OUTCOME_KEYS);
});

Deno.test("marketsForBall() opens strike and pins on first balls, spare on a leave, nothing else", () => {
  assert.deepEqual(kinds({ frame: 1, ball: 1, standing: FULL_RACK }), [
    "strike",
    "pins-over-under",
  ]);
  assert.deepEqual(kinds({ frame: 9, ball: 2, standing: leave(7, 10) }), ["spare"]);
  // Frames 1–9: a full rack respotted after a foul is a spare attempt, not a strike.
  assert.deepEqual(kinds({ frame: 4, ball: 2, standing: FULL_RACK }), ["spare"]);
  // Frame 10: any full rack is a first ball; a leave on ball 2 or 3 is a spare attempt.
  assert.deepEqual(kinds({ frame: 10, ball: 2, standing: FULL_RACK }), [
    "strike",
    "pins-over-under",
  ]);
  assert.deepEqual(kinds({ frame: 10, ball: 3, standing: FULL_RACK }), [
    "strike",
    "pins-over-under",
  ]);
  assert.deepEqual(kinds({ frame: 10, ball: 2, standing: leave(10) }), ["spare"]);
  assert.deepEqual(kinds({ frame: 10, ball: 3, standing: leave(4, 7) }), ["spare"]);
  // Nothing standing: nothing to bet on (but the speed).
  assert.deepEqual(kinds({ frame: 3, ball: 2, standing: 0 }), []);
});

Deno.test("marketsForBall() refuses a ball that cannot exist", () => {
  for (
    const b of [
      { frame: 0, ball: 1, standing: FULL_RACK },
      { frame: 11, ball: 1, standing: FULL_RACK },
      { frame: 4, ball: 3, standing: leave(1) },
      { frame: 10, ball: 4, standing: FULL_RACK },
      { frame: 1, ball: 1, standing: 1024 },
      { frame: 1.5, ball: 1, standing: FULL_RACK },
    ]
  ) assert.throws(() => marketsForBall(b, none), RangeError);
});

Deno.test("marketsForBall() with no history: 50 % strike, the 7.5 line, no speed market", () => {
  const m = marketsForBall({ frame: 1, ball: 1, standing: FULL_RACK }, none);
  assert.deepEqual(m[0], { kind: "strike", fair: { yes: 0.5, no: 0.5 } });
  assert.equal(m[1].kind, "pins-over-under");
  assert.equal(m[1].line, 7.5);
  assert.ok(m[1].fair.over > 0.5, "a typical bowler knocks more than 7.5 more often than not");
  assert.equal(m.length, 2);
});

Deno.test("marketsForBall() takes the strike rate from the history by Laplace's rule", () => {
  const history = { balls: firsts([0, 0, 0, leave(10), leave(7, 10), 0, 0, 0]) }; // 6 of 8
  const [strike] = marketsForBall({ frame: 5, ball: 1, standing: FULL_RACK }, history);
  assert.deepEqual(strike.fair, { yes: 0.7, no: 0.3 }); // (6 + 1) / (8 + 2)
});

Deno.test("marketsForBall() opens a speed market from ≥ 3 recent speeds, the line at the x.5 nearest their mean", () => {
  const two = { balls: firsts([0, 0], 16) };
  assert.deepEqual(kinds({ frame: 3, ball: 1, standing: FULL_RACK }, two), [
    "strike",
    "pins-over-under",
  ]);
  const speeds = [15.8, 16.4, 16.9, 17.1, null];
  const history = {
    balls: speeds.map((s) => ({ ...firsts([0])[0], launchSpeedMph: s })),
  };
  const m = marketsForBall({ frame: 3, ball: 2, standing: leave(10) }, history);
  assert.deepEqual(m.map((x) => x.kind), ["spare", "speed-over-under"]);
  assert.equal(m[1].line, 16.5); // mean 16.55
});

Deno.test("outcomeOf() strike: all ten of a full rack without a foul", () => {
  assert.equal(outcomeOf("strike", null, result(FULL_RACK, 0)), "yes");
  assert.equal(outcomeOf("strike", null, result(FULL_RACK, leave(10))), "no");
  assert.equal(outcomeOf("strike", null, result(FULL_RACK, 0, true)), "no");
});

Deno.test("outcomeOf() spare: the leave cleared without a foul", () => {
  assert.equal(outcomeOf("spare", null, result(leave(7, 10), 0)), "yes");
  assert.equal(outcomeOf("spare", null, result(leave(7, 10), leave(7))), "no");
  assert.equal(outcomeOf("spare", null, result(leave(7, 10), 0, true)), "no");
});

Deno.test("outcomeOf() pins: what this ball knocked down of its rack, a foul 0", () => {
  assert.equal(outcomeOf("pins-over-under", 7.5, result(FULL_RACK, leave(10))), "over"); // 9
  assert.equal(outcomeOf("pins-over-under", 7.5, result(FULL_RACK, leave(7, 8, 10))), "under"); // 7
  assert.equal(outcomeOf("pins-over-under", 7.5, result(FULL_RACK, 0, true)), "under"); // foul: 0
  assert.equal(outcomeOf("pins-over-under", 7, result(FULL_RACK, leave(7, 8, 10))), null); // push
  assert.throws(() => outcomeOf("pins-over-under", null, result(FULL_RACK, 0)), RangeError);
});

Deno.test("outcomeOf() speed: over or under the line, void without a measured speed", () => {
  assert.equal(outcomeOf("speed-over-under", 16.5, result(FULL_RACK, 0, false, 16.6)), "over");
  assert.equal(outcomeOf("speed-over-under", 16.5, result(FULL_RACK, 0, false, 16.4)), "under");
  assert.equal(outcomeOf("speed-over-under", 16.5, result(FULL_RACK, 0, false, null)), null);
  // A foul does not change how fast the ball went.
  assert.equal(outcomeOf("speed-over-under", 16.5, result(FULL_RACK, 0, true, 18)), "over");
});

// ---- properties ------------------------------------------------------------

const historyBallArb = fc.record({
  frame: fc.integer({ min: 1, max: 10 }),
  ball: fc.integer({ min: 1, max: 3 }),
  standingBefore: fc.oneof(fc.constant(FULL_RACK), fc.integer({ min: 0, max: FULL_RACK })),
  knock: fc.integer({ min: 0, max: FULL_RACK }),
  foul: fc.boolean(),
  launchSpeedMph: fc.oneof(fc.constant(null), fc.double({ min: 10, max: 25, noNaN: true })),
}).map(({ knock, ...b }) => ({ ...b, standingAfter: b.standingBefore & ~knock }));
const historyArb = fc.array(historyBallArb, { maxLength: 60 }).map((balls) => ({ balls }));
const ballArb = fc.integer({ min: 1, max: 10 }).chain((frame) =>
  fc.record({
    frame: fc.constant(frame),
    ball: fc.integer({ min: 1, max: frame === 10 ? 3 : 2 }),
    standing: fc.oneof(fc.constant(FULL_RACK), fc.integer({ min: 1, max: FULL_RACK })),
  })
);

Deno.test("fair probabilities are in [0.01, 0.99] and each market's outcomes sum to 1", () => {
  fc.assert(
    fc.property(ballArb, historyArb, (ball, history) => {
      for (const m of marketsForBall(ball, history)) {
        assert.deepEqual(Object.keys(m.fair), KIND_OUTCOMES[m.kind]);
        const ps = Object.values(m.fair);
        for (const p of ps) assert.ok(p >= 0.01 && p <= 0.99, `${m.kind} ${p}`);
        assert.equal(ps.reduce((a, b) => a + b, 0), 1);
        if (m.kind === "pins-over-under") assert.ok(m.line! >= 0.5 && m.line! <= 9.5);
        if (m.line !== undefined) assert.equal(m.line % 1, 0.5);
      }
    }),
    { numRuns: 300 },
  );
});

Deno.test("every market a ball opens is decided by exactly one outcome, or void, the same every time", () => {
  fc.assert(
    fc.property(ballArb, historyArb, historyBallArb, (ball, history, shot) => {
      const r = {
        ...shot,
        standingBefore: ball.standing,
        standingAfter: ball.standing & shot.standingAfter,
      };
      for (const m of marketsForBall(ball, history)) {
        const winner = outcomeOf(m.kind, m.line, r);
        assert.equal(outcomeOf(m.kind, m.line, { ...r }), winner);
        if (winner === null) {
          assert.ok(
            m.kind === "speed-over-under" && r.launchSpeedMph === null ||
              r.launchSpeedMph === m.line,
          );
        } else {
          assert.ok(KIND_OUTCOMES[m.kind].includes(winner));
        }
      }
    }),
    { numRuns: 300 },
  );
});

Deno.test("a foul is never a strike or spare and counts 0 pins", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: FULL_RACK }),
      fc.integer({ min: 0, max: FULL_RACK }),
      (before, knock) => {
        const r = result(before, before & ~knock, true);
        assert.equal(pinsDown(r), 0);
        assert.equal(outcomeOf("strike", null, r), "no");
        assert.equal(outcomeOf("spare", null, r), "no");
      },
    ),
  );
});

Deno.test("isFirstOfRack() and isSpareAttempt() never both hold", () => {
  for (let frame = 1; frame <= 10; frame++) {
    for (let ball = 1; ball <= 3; ball++) {
      for (const standing of [FULL_RACK, leave(7), 0]) {
        assert.ok(!(isFirstOfRack(frame, ball, standing) && isSpareAttempt(frame, ball, standing)));
      }
    }
  }
  assert.ok(MARKET_KINDS.every((k: MarketKind) => k in KIND_OUTCOMES));
});

// ---- agreement with the scoring rules ---------------------------------------

const throwArb = fc.record({
  mask: fc.oneof(
    fc.integer({ min: 0, max: FULL_RACK }),
    fc.constant(0),
    fc.integer({ min: 0, max: 9 }).map((i) => 1 << i),
  ),
  foul: fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, {
    weight: 1,
    arbitrary: fc.constant(true),
  }),
});

Deno.test("over whole games, the markets offered and their outcomes agree with the score sheet", () => {
  fc.assert(
    fc.property(fc.array(throwArb, { minLength: 21, maxLength: 21 }), (throws) => {
      const inputs: BallInput[] = [];
      let game = scoreGame(inputs);
      for (const t of throws) {
        if (!game.next) break;
        const { frame, ball, rack } = game.next;
        const offered = marketsForBall({ frame, ball, standing: rack }, none).map((m) => m.kind);
        assert.equal(
          offered.filter((k) => k === "strike" || k === "spare").length,
          1,
          "every ball gets a strike or a spare market",
        );
        inputs.push({ standing: rack & t.mask, foul: t.foul });
        game = scoreGame(inputs);
        const scored = game.frames[frame - 1].balls[ball - 1];
        const r = result(scored.before, scored.standing, scored.foul);
        assert.equal(pinsDown(r), scored.pins);
        if (offered.includes("strike")) {
          // Frame 10 only: a full rack respotted after a foul cleared is "/" on the sheet, a strike here.
          const respotted = frame === 10 && scored.mark === "/";
          assert.equal(outcomeOf("strike", null, r) === "yes", scored.mark === "X" || respotted);
        } else {
          assert.equal(outcomeOf("spare", null, r) === "yes", scored.mark === "/");
          assert.notEqual(scored.mark, "X");
        }
      }
    }),
    { numRuns: 300 },
  );
});

Deno.test("historyBallsOf() turns a scored game into history, oldest first, with speeds", () => {
  const game = scoreGame([{ standing: 0 }, { standing: leave(7, 10) }, {
    standing: leave(7),
    foul: true,
  }]);
  const balls = historyBallsOf(game, (frame, ball) => frame * 10 + ball);
  assert.deepEqual(balls, [
    {
      frame: 1,
      ball: 1,
      standingBefore: FULL_RACK,
      standingAfter: 0,
      foul: false,
      launchSpeedMph: 11,
    },
    {
      frame: 2,
      ball: 1,
      standingBefore: FULL_RACK,
      standingAfter: leave(7, 10),
      foul: false,
      launchSpeedMph: 21,
    },
    {
      frame: 2,
      ball: 2,
      standingBefore: leave(7, 10),
      standingAfter: leave(7),
      foul: true,
      launchSpeedMph: 22,
    },
  ]);
  assert.equal(historyBallsOf(game)[0].launchSpeedMph, null);
  // Two first balls (a strike and a 7-10), so the strike rate is (1 + 1) / (2 + 2).
  const [strike] = marketsForBall({ frame: 3, ball: 1, standing: FULL_RACK }, { balls });
  assert.deepEqual(strike.fair, { yes: 0.5, no: 0.5 });
});
