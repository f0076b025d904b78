import assert from "node:assert/strict";
import fc from "fast-check";
import { countPins, FULL_RACK, standingOf } from "./pins.ts";
import { type BallInput, nextBowler, type ScoredGame, scoreGame, ScoringError } from "./scoring.ts";

const leave = (...pins: number[]) => standingOf(pins);
/** A ball that leaves `standing` up. */
const ball = (standing: number, foul = false): BallInput => ({ standing, foul });
const strike = ball(0);
const marks = (g: ScoredGame) => g.frames.map((f) => f.balls.map((b) => b.mark).join(" "));
const totals = (g: ScoredGame) => g.frames.map((f) => f.total);

// ---------------------------------------------------------------------------
// An independent model: racks built frame by frame, scored over pin counts.

interface Choice {
  mask: number;
  foul: boolean;
}

/** A complete game from random choices: each ball leaves `mask & rack` standing. */
function buildGame(choices: readonly Choice[]): { balls: BallInput[]; counts: number[] } {
  const balls: BallInput[] = [];
  const counts: number[] = [];
  let c = 0;
  const take = (rack: number) => {
    const ch = choices[c++ % choices.length];
    const standing = ch.mask & rack;
    balls.push({ standing, foul: ch.foul });
    counts.push(ch.foul ? 0 : countPins(rack & ~standing));
    return { standing, foul: ch.foul, clear: !ch.foul && standing === 0 };
  };
  for (let frame = 1; frame <= 10; frame++) {
    const a = take(FULL_RACK);
    if (frame < 10) {
      if (!a.clear) take(a.foul ? FULL_RACK : a.standing);
    } else if (a.clear) {
      const b = take(FULL_RACK);
      take(b.clear || b.foul ? FULL_RACK : b.standing);
    } else {
      const b = take(a.foul ? FULL_RACK : a.standing);
      if (b.clear) take(FULL_RACK);
    }
  }
  return { balls, counts };
}

/** The textbook scorer over pin counts of a complete game: running totals per frame. */
function referenceTotals(rolls: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let total = 0;
  for (let frame = 0; frame < 10; frame++) {
    if (frame === 9) {
      total += rolls.slice(i).reduce((a, b) => a + b, 0);
    } else if (rolls[i] === 10) {
      total += 10 + rolls[i + 1] + rolls[i + 2];
      i += 1;
    } else if (rolls[i] + rolls[i + 1] === 10) {
      total += 10 + rolls[i + 2];
      i += 2;
    } else {
      total += rolls[i] + rolls[i + 1];
      i += 2;
    }
    out.push(total);
  }
  return out;
}

const choiceArb = fc.record({
  // Bias towards strikes, gutters and nine-pin counts so every branch is common.
  mask: fc.oneof(
    fc.integer({ min: 0, max: FULL_RACK }),
    fc.constant(0),
    fc.constant(FULL_RACK),
    fc.integer({ min: 0, max: 9 }).map((i) => 1 << i),
  ),
  foul: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, {
    weight: 1,
    arbitrary: fc.constant(true),
  }),
});
const gameArb = fc.array(choiceArb, { minLength: 1, maxLength: 21 }).map(buildGame);

// ---------------------------------------------------------------------------

Deno.test("scoreGame() scores a perfect game 300 with twelve strikes", () => {
  const g = scoreGame(Array.from({ length: 12 }, () => strike));
  assert.equal(g.total, 300);
  assert.equal(g.complete, true);
  assert.equal(g.next, null);
  assert.deepEqual(totals(g), [30, 60, 90, 120, 150, 180, 210, 240, 270, 300]);
  assert.deepEqual(marks(g).slice(-2), ["X", "X X X"]);
});

Deno.test("scoreGame() scores all 9-spare games 190", () => {
  const balls = [];
  for (let f = 0; f < 10; f++) balls.push(ball(leave(10)), ball(0));
  balls.push(ball(leave(10)));
  const g = scoreGame(balls);
  assert.equal(g.total, 190);
  assert.equal(g.complete, true);
  assert.deepEqual(marks(g)[0], "9 /");
  assert.deepEqual(marks(g)[9], "9 / 9");
});

Deno.test("scoreGame() scores an all-gutter game 0 after twenty balls", () => {
  const g = scoreGame(Array.from({ length: 20 }, () => ball(FULL_RACK)));
  assert.equal(g.total, 0);
  assert.equal(g.complete, true);
  assert.ok(g.frames.every((f) => f.balls.every((b) => b.mark === "-")));
  assert.throws(
    () => scoreGame(Array.from({ length: 21 }, () => ball(FULL_RACK))),
    (e: unknown) => {
      return e instanceof ScoringError && e.code === "game_complete" && e.ball === 20;
    },
  );
});

Deno.test("scoreGame() leaves totals null until a strike or spare has its bonus balls", () => {
  let g = scoreGame([strike]);
  assert.deepEqual([g.frames[0].score, g.frames[0].total, g.total], [null, null, 0]);
  assert.deepEqual(g.next, { frame: 2, ball: 1, rack: FULL_RACK });
  g = scoreGame([strike, ball(leave(7, 10))]);
  assert.equal(g.frames[0].score, null);
  assert.deepEqual(g.next, { frame: 2, ball: 2, rack: leave(7, 10) });
  assert.equal(g.frames[1].balls[0].split, true);
  g = scoreGame([strike, ball(leave(7, 10)), ball(leave(7))]);
  assert.deepEqual(totals(g).slice(0, 3), [19, 28, null]);
  assert.equal(g.total, 28);
  g = scoreGame([ball(leave(8, 9, 10)), ball(0)]);
  assert.deepEqual([g.frames[0].score, marks(g)[0]], [null, "7 /"]);
  g = scoreGame([ball(leave(8, 9, 10)), ball(0), ball(leave(1, 2, 3, 4, 5))]);
  assert.deepEqual(totals(g).slice(0, 2), [15, null]);
});

Deno.test("scoreGame() gives the 10th frame a third ball only after a strike or spare", () => {
  const nine = Array.from({ length: 18 }, () => ball(FULL_RACK));
  const open = scoreGame([...nine, ball(leave(9, 10)), ball(leave(10))]);
  assert.deepEqual([open.complete, open.total, marks(open)[9]], [true, 9, "8 1"]);
  const spare = scoreGame([...nine, ball(leave(9, 10)), ball(0)]);
  assert.deepEqual([spare.complete, spare.next], [false, { frame: 10, ball: 3, rack: FULL_RACK }]);
  const xThenLeave = scoreGame([...nine, strike, ball(leave(4, 6))]);
  assert.deepEqual(xThenLeave.next, { frame: 10, ball: 3, rack: leave(4, 6) });
  assert.equal(xThenLeave.frames[9].balls[1].split, true, "the rack is reset after the strike");
  const xSpare = scoreGame([...nine, strike, ball(leave(4, 6)), ball(0)]);
  assert.deepEqual([xSpare.complete, xSpare.total, marks(xSpare)[9]], [true, 20, "X 8 /"]);
  const spareX = scoreGame([...nine, ball(leave(9, 10)), ball(0), strike]);
  assert.deepEqual([spareX.total, marks(spareX)[9]], [20, "8 / X"]);
  assert.throws(
    () => scoreGame([...nine, ball(leave(9, 10)), ball(leave(10)), strike]),
    /after the game is complete/,
  );
});

Deno.test("scoreGame() scores a foul zero and respots its pins", () => {
  // Foul on the first ball: the second faces a full rack, and clearing it is a spare.
  let g = scoreGame([ball(leave(10), true), ball(0), ball(leave(6, 10))]);
  assert.deepEqual(marks(g).slice(0, 2), ["F /", "8"]);
  assert.equal(g.frames[0].balls[1].before, FULL_RACK);
  assert.equal(g.frames[0].score, 18);
  // A foul that knocks every pin down is not a strike.
  g = scoreGame([ball(0, true), ball(leave(1))]);
  assert.deepEqual([marks(g)[0], g.frames[0].score, g.frames[0].balls[0].split], ["F 9", 9, false]);
  // Foul on the second ball: the frame keeps the first ball's count.
  g = scoreGame([ball(leave(8, 9, 10)), ball(0, true)]);
  assert.deepEqual([marks(g)[0], g.frames[0].score], ["7 F", 7]);
  // In the 10th: strike, foul, then a spare at the respotted rack.
  const nine = Array.from({ length: 18 }, () => ball(FULL_RACK));
  g = scoreGame([...nine, strike, ball(leave(1), true), ball(0)]);
  assert.deepEqual([marks(g)[9], g.total, g.complete], ["X F /", 20, true]);
  // In the 10th: foul then a spare earns the third ball.
  g = scoreGame([...nine, ball(0, true), ball(0), ball(leave(1, 2))]);
  assert.deepEqual([marks(g)[9], g.total, g.complete], ["F / 8", 18, true]);
});

Deno.test("scoreGame() refuses a pin standing that was down before the ball", () => {
  assert.throws(() => scoreGame([ball(leave(7, 10)), ball(leave(7, 8))]), (e: unknown) => {
    assert.ok(e instanceof ScoringError);
    assert.equal(e.code, "pin_stood_up");
    assert.equal(e.ball, 1);
    assert.match(e.message, /frame 1/);
    return true;
  });
  assert.throws(
    () => scoreGame([ball(1024)]),
    (e: unknown) => e instanceof ScoringError && e.code === "invalid_standing",
  );
  assert.throws(() => scoreGame([ball(-1)]), /not 0 to 1023/);
  assert.throws(() => scoreGame([ball(1.5)]), /not 0 to 1023/);
});

Deno.test("scoreGame() re-scores later frames when an earlier ball is corrected", () => {
  const balls = [ball(leave(8, 9, 10)), ball(leave(10)), strike];
  const before = scoreGame(balls);
  assert.deepEqual(marks(before).slice(0, 3), ["7 2", "X", ""]);
  assert.deepEqual(totals(before).slice(0, 2), [9, null]);
  // The first ball was really a strike: the next two balls move into frame 2.
  const after = scoreGame([strike, ...balls.slice(1)]);
  assert.deepEqual(marks(after).slice(0, 3), ["X", "9 /", ""]);
  assert.deepEqual(totals(after).slice(0, 2), [20, null]);
  assert.deepEqual(after.next, { frame: 3, ball: 1, rack: FULL_RACK });
  // A correction that leaves a later ball impossible is refused.
  assert.throws(
    () => scoreGame([ball(leave(8, 9)), ...balls.slice(1)]),
    /pin standing that was down/,
  );
});

Deno.test("scoreGame() marks splits on first balls only", () => {
  const g = scoreGame([ball(leave(7, 10)), ball(leave(7)), ball(leave(4, 6)), ball(leave(4, 6))]);
  assert.deepEqual(g.frames[0].balls.map((b) => b.split), [true, false]);
  assert.deepEqual(g.frames[1].balls.map((b) => b.split), [true, false]);
  assert.equal(scoreGame([ball(leave(2, 8))]).frames[0].balls[0].split, false);
  assert.equal(scoreGame([ball(leave(7, 10), true)]).frames[0].balls[0].split, false);
});

Deno.test("nextBowler() rotates whole frames and lets a late bowler catch up", () => {
  const fresh = scoreGame([]);
  const afterFrame = scoreGame([ball(leave(10)), ball(leave(10))]);
  const midFrame = scoreGame([ball(leave(10))]);
  const done = scoreGame(Array.from({ length: 12 }, () => strike));
  assert.equal(nextBowler([fresh, fresh]), 0);
  assert.equal(nextBowler([midFrame, fresh]), 0);
  assert.equal(nextBowler([afterFrame, fresh]), 1);
  assert.equal(nextBowler([afterFrame, afterFrame]), 0);
  assert.equal(nextBowler([afterFrame, midFrame, fresh]), 1);
  assert.equal(nextBowler([done, afterFrame]), 1);
  assert.equal(nextBowler([done, done]), null);
  assert.equal(nextBowler([]), null);
});

Deno.test("property: every valid game scores 0 to 300 and matches the reference scorer", () => {
  fc.assert(
    fc.property(gameArb, ({ balls, counts }) => {
      const g = scoreGame(balls);
      assert.equal(g.complete, true);
      assert.ok(g.total >= 0 && g.total <= 300);
      assert.deepEqual(totals(g), referenceTotals(counts));
      assert.equal(g.total, referenceTotals(counts)[9]);
    }),
    { numRuns: 2000 },
  );
});

Deno.test("property: marks agree with the pins each ball counts", () => {
  fc.assert(
    fc.property(gameArb, ({ balls, counts }) => {
      const g = scoreGame(balls);
      const scored = g.frames.flatMap((f) => f.balls);
      assert.deepEqual(scored.map((b) => b.pins), counts);
      for (const f of g.frames) {
        for (const b of f.balls) {
          const value = b.mark === "X"
            ? 10
            : b.mark === "/"
            ? countPins(b.before)
            : /^[-F]$/.test(b.mark)
            ? 0
            : Number(b.mark);
          assert.equal(value, b.pins, `mark "${b.mark}" against ${b.pins} pins`);
          assert.ok(/^([XF/-]|[1-9])$/.test(b.mark));
          assert.equal(b.mark === "F", b.foul);
          if (b.mark === "X" || b.split) assert.equal(b.before, FULL_RACK);
          if (b.mark === "X" || b.mark === "/") assert.equal(b.standing, 0);
        }
        if (f.number < 10) {
          assert.ok(f.balls.length === 1 ? f.balls[0].mark === "X" : f.balls.length === 2);
          assert.ok(f.balls.reduce((a, b) => a + b.pins, 0) <= 10);
        }
      }
    }),
    { numRuns: 1000 },
  );
});

Deno.test("property: a running total once known never changes as more balls come", () => {
  fc.assert(
    fc.property(gameArb, fc.nat(), ({ balls }, cut) => {
      const full = scoreGame(balls);
      const part = scoreGame(balls.slice(0, cut % (balls.length + 1)));
      part.frames.forEach((f, i) => {
        if (f.total !== null) assert.equal(f.total, full.frames[i].total);
      });
      assert.ok(part.total <= full.total);
      assert.equal(part.complete, part.frames[9].complete);
      if (!part.complete) assert.ok(part.next && part.next.rack !== 0);
    }),
    { numRuns: 1000 },
  );
});

Deno.test("property: a pin standing up again is always refused", () => {
  fc.assert(
    fc.property(gameArb, fc.nat(), fc.integer({ min: 0, max: 9 }), ({ balls }, at, pin) => {
      const i = at % balls.length;
      const g = scoreGame(balls.slice(0, i));
      const rack = g.next?.rack ?? FULL_RACK;
      fc.pre((rack & (1 << pin)) === 0);
      assert.throws(
        () => scoreGame([...balls.slice(0, i), { standing: 1 << pin }]),
        (e: unknown) => e instanceof ScoringError && e.code === "pin_stood_up" && e.ball === i,
      );
    }),
    { numRuns: 500 },
  );
});
