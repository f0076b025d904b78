import assert from "node:assert/strict";
import { standingOf } from "../../core/pins.ts";
import { aiScores, lastBall, scoredBy, sourceMark } from "./ai_scoring.ts";
import type { SessionSheet, SheetBall, SheetBowler } from "./staff_api.ts";

function ball(id: string, source: SheetBall["source"] = "ai"): SheetBall {
  return {
    id,
    pinsStanding: [],
    standing: standingOf([]),
    foul: false,
    pins: 10,
    mark: "X",
    split: false,
    source,
    corrected: false,
    confidence: 0.9,
    shotId: null,
  };
}

function bowler(position: number, frames: SheetBall[][], removed = false): SheetBowler {
  return {
    id: `00000000-0000-4000-8000-00000000000${position}`,
    position,
    name: `B${position}`,
    userId: null,
    frames: frames.map((balls, i) => ({
      number: i + 1,
      balls,
      score: null,
      total: null,
      complete: true,
    })),
    total: 0,
    complete: false,
    next: null,
    removed,
  };
}

function sheet(bowlers: SheetBowler[], turn: SessionSheet["turn"], extra = {}): SessionSheet {
  return {
    id: "00000000-0000-4000-8000-0000000000aa",
    laneId: "1",
    status: "open",
    openedAt: "2026-01-01T00:00:00Z",
    closedAt: null,
    bowlers,
    turn,
    complete: false,
    ...extra,
  };
}

const turn = (b: SheetBowler, frame: number, ball = 1) => ({
  bowlerId: b.id,
  frame,
  ball,
  pinsStanding: [],
});

Deno.test("the AI scores an open game with an AI ball, or open play; never a closed one", () => {
  const ai = bowler(1, [[ball("a")]]);
  const staff = bowler(1, [[ball("m", "manual")]]);
  assert.equal(aiScores(sheet([ai], turn(ai, 2))), true);
  assert.equal(aiScores(sheet([staff], turn(staff, 2))), false);
  assert.equal(aiScores(sheet([bowler(1, [])], null, { openPlay: true })), true);
  assert.equal(aiScores(sheet([ai], null, { status: "closed" })), false);
});

Deno.test("the last ball is the one before the turn in the rotation", () => {
  const a = bowler(1, [[ball("a1")], [ball("a2")]]);
  const b = bowler(2, [[ball("b1")]]);
  // A bowled frame 2; B is up in frame 2: A's frame 2 was last.
  assert.equal(lastBall(sheet([a, b], turn(b, 2)))?.ball.id, "a2");
  // A is up in frame 2: B's frame 1 was last.
  const a1 = bowler(1, [[ball("a1")]]);
  assert.equal(lastBall(sheet([a1, b], turn(a1, 2)))?.ball.id, "b1");
  // A second ball: the same bowler's first ball of the frame.
  const open = bowler(1, [[ball("o1", "ai")]]);
  const at = lastBall(sheet([open], turn(open, 1, 2)));
  assert.deepEqual([at?.ball.id, at?.frame, at?.index], ["o1", 1, 1]);
  // Nothing bowled yet.
  assert.equal(lastBall(sheet([bowler(1, [])], turn(bowler(1, []), 1))), null);
});

Deno.test("removed bowlers are skipped; a finished game ends on the last bowler's tenth", () => {
  const a = bowler(1, [[ball("a1")]]);
  const gone = bowler(2, [[ball("g1")]], true);
  assert.equal(lastBall(sheet([a, gone], turn(a, 2)))?.ball.id, "a1");
  const tenth = Array.from({ length: 10 }, (_, i) => [ball(`t${i + 1}`)]);
  assert.equal(lastBall(sheet([bowler(1, tenth)], null))?.ball.id, "t10");
});

Deno.test("each ball says who scored it", () => {
  assert.equal(scoredBy(ball("a")), "Scored by the AI");
  assert.equal(scoredBy(ball("m", "manual")), "Entered by staff");
  assert.equal(scoredBy({ source: "correction", corrected: true }), "Corrected by staff");
  assert.equal(sourceMark(ball("a")), "AI");
  assert.equal(sourceMark({ source: "ai", corrected: true }), "S");
  assert.equal(sourceMark(ball("m", "manual")), "S");
});
