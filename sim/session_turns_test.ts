import assert from "node:assert/strict";
import { FULL_RACK, pinsOf } from "../core/pins.ts";
import { type BallInput, nextBowler, scoreGame } from "../core/scoring.ts";
import type { Sheet } from "../core/session_sheet.ts";
import { type BallSlot, firstSlot } from "./frame_logic.ts";
import { ShotSequence } from "./shot_sequence.ts";
import { STALE_AFTER_MS, type SteerMemo, steerSlot } from "./session_turns.ts";

/** A session of `names.length` bowlers scored with core/scoring.ts, as the server keeps it. */
function session(id: string, names: string[]) {
  const balls: BallInput[][] = names.map(() => []);
  const sheet = (): Sheet => {
    const games = balls.map((b) => scoreGame(b));
    const turn = nextBowler(games);
    const next = turn === null ? null : games[turn].next!;
    return {
      id,
      status: "open",
      turn: next && {
        bowlerId: `b${turn}`,
        frame: next.frame,
        ball: next.ball,
        pinsStanding: pinsOf(next.rack),
      },
      bowlers: names.map((name, i) => ({
        id: `b${i}`,
        position: i + 1,
        name,
        frames: games[i].frames.map((f) => ({ balls: f.balls })),
      })),
      complete: turn === null,
    } as unknown as Sheet;
  };
  return {
    sheet,
    /** Scores the ball for whoever's turn it is (throws when it cannot follow their balls). */
    record(ball: BallInput) {
      const turn = nextBowler(balls.map((b) => scoreGame(b)));
      if (turn === null) throw new Error("Every game is complete");
      scoreGame([...balls[turn], ball]);
      balls[turn].push(ball);
    },
  };
}

/**
 * Plays `shots` shots (10 s apart) steered by a three-bowler session; shot k
 * is scored `lag(k)` shots late (in order: a late ball holds back those after
 * it), or never when `lag(k)` is null (sent to staff review).
 * Throws when a ball cannot be scored. Returns how many sessions completed and
 * how many tenth-frame third balls were thrown.
 */
function play(shots: number, lag: (k: number) => number | null) {
  let current = session("s1", ["Ana", "Ben", "Cleo"]);
  let memo: SteerMemo | null = null;
  const seq = new ShotSequence({
    seed: 31,
    lane: 1,
    fps: 30,
    steer: (planned) => {
      const reviewedSince = (ms: number) => reviewed.filter((at) => at > ms).length;
      const r = steerSlot(planned, current.sheet(), memo, now, reviewedSince);
      memo = r.memo;
      return r.slot;
    },
  });
  const unscored: { ball: BallInput; due: number }[] = [];
  const reviewed: number[] = [];
  let now = 0;
  let frame = 0;
  let games = 0;
  let thirdBalls = 0;
  for (let k = 0; k < shots; k++) {
    const before = current.sheet().turn!;
    assert.equal(seq.shotIndexAt(frame), k);
    const plan = seq.plan(k);
    const t = plan.truth;
    if (lag(k) === 0 && !unscored.length) {
      assert.deepEqual(
        { frame: t.frame, ball: t.ball, pins: pinsOf(t.standingBefore) },
        { frame: before.frame, ball: before.ball, pins: before.pinsStanding },
        `shot ${k}`,
      );
    }
    if (t.frame === 10 && t.ball === 3) thirdBalls++;
    const late = lag(k);
    if (late === null) reviewed.push(now + 1);
    else unscored.push({ ball: { standing: t.standingAfter, foul: t.foul }, due: k + late });
    while (unscored.length && unscored[0].due <= k) {
      current.record(unscored.shift()!.ball);
      if (current.sheet().complete) {
        games++;
        unscored.length = 0;
        current = session(`s${games + 1}`, ["Ana", "Ben", "Cleo"]);
      }
    }
    frame = plan.endFrame;
    now += 10_000;
  }
  return { games, thirdBalls };
}

Deno.test("the pinsetter follows a three-bowler session: every shot can be scored, games end", () => {
  const { games, thirdBalls } = play(220, () => 0);
  assert.ok(games >= 2, `${games} sessions completed`);
  assert.ok(thirdBalls > 0, "some tenth frames earned a third ball");
});

Deno.test("the pinsetter stays in step when the scoring falls a shot or two behind now and then", () => {
  const { games } = play(220, (k) => k % 7 === 3 ? 2 : k % 5 === 1 ? 1 : 0);
  assert.ok(games >= 2, `${games} sessions completed`);
});

Deno.test("the pinsetter stays in step when some shots go to staff review and never score", () => {
  const { games } = play(220, (k) => k % 9 === 4 ? null : k % 5 === 1 ? 1 : 0);
  assert.ok(games >= 2, `${games} sessions completed`);
});

Deno.test("steerSlot() keeps the simulator's own slot without an open session", () => {
  const planned = firstSlot();
  assert.deepEqual(steerSlot(planned, null, null, 0), { slot: planned, memo: null });
  const closed = { ...session("s", ["Ana"]).sheet(), status: "closed" } as Sheet;
  assert.equal(steerSlot(planned, closed, null, 0).slot, planned);
});

Deno.test("steerSlot() does not take a shot from a sheet that lacks the last ball yet", () => {
  const s = session("s", ["Ana", "Ben"]);
  const first = steerSlot(firstSlot(), s.sheet(), null, 1_000);
  assert.equal(first.slot.game, 1);
  // The simulator's own next slot after a 9-count by Ana: her second ball at the 10 pin.
  const own: BallSlot = { game: 1, frame: 1, ball: 2, standingBefore: 0b1000000000, bonus: false };
  // The sheet has not got that ball yet: the own slot stands.
  const stale = steerSlot(own, s.sheet(), first.memo, 2_000);
  assert.equal(stale.slot, own);
  // Once it has, the sheet leads again (Ana's spare attempt, then Ben on a full rack).
  s.record({ standing: 0b1000000000 });
  assert.deepEqual(steerSlot(own, s.sheet(), first.memo, 3_000).slot, own);
  s.record({ standing: 0 });
  const ben = steerSlot(firstSlot(), s.sheet(), first.memo, 3_000).slot;
  assert.deepEqual(ben, { game: 2, frame: 1, ball: 1, standingBefore: FULL_RACK, bonus: false });
  // Two shots thrown since the sheet was read, one scored so far: still behind.
  const taken: SteerMemo = { sessionId: "s", balls: 1, shots: 2, atMs: 5_000 };
  const behind = steerSlot(own, s.sheet(), taken, 6_000);
  assert.equal(behind.slot, own);
  assert.equal(behind.memo?.shots, 3);
  // The other one was sent to staff review: it never becomes a ball, the sheet is current.
  const reviewed = (ms: number) => ms < 5_500 ? 1 : 0;
  assert.equal(steerSlot(own, s.sheet(), taken, 6_000, reviewed).slot.game, 2);
  // A sheet that stays behind for long is trusted again.
  assert.equal(steerSlot(own, s.sheet(), taken, 5_000 + STALE_AFTER_MS).slot.game, 2);
});
