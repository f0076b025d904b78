import assert from "node:assert/strict";
import type { BallRow, BowlerRow, SessionRow } from "./repo.ts";
import { buildSheet, scoreBowlers } from "./sheet.ts";

const SESSION: SessionRow = {
  id: "5a0c6f6e-1b5e-4d5a-9f57-0d3c2a8b9e11",
  laneId: "1",
  status: "open",
  openedAt: new Date(Date.UTC(2026, 11, 6, 21)),
  closedAt: null,
};

function bowler(position: number, removed = false): BowlerRow {
  return {
    id: `00000000-0000-4000-8000-00000000000${position}`,
    sessionId: SESSION.id,
    position,
    name: `B${position}`,
    userId: null,
    removed,
  };
}

/** A strike by `b` as its `seq`-th ball. */
function strike(b: BowlerRow, seq: number): BallRow {
  return {
    id: `${b.position}${seq}`,
    sessionId: SESSION.id,
    bowlerId: b.id,
    seq,
    version: 1,
    standing: 0,
    foul: false,
    source: "manual",
    shotId: null,
    confidence: null,
  };
}

Deno.test("buildSheet() never gives a removed bowler the turn, and keeps their balls", () => {
  const [a, b, c] = [bowler(1), bowler(2, true), bowler(3)];
  const kept = buildSheet(SESSION, scoreBowlers([a, b, c], [strike(b, 1)]));
  assert.equal(kept.turn?.bowlerId, a.id);
  assert.equal(kept.bowlers[1].frames[0].balls.length, 1, "B2's ball stays on the sheet");
  // A and C have bowled frame 1, B2 has not: B2 would be up, but is skipped.
  const sheet = buildSheet(SESSION, scoreBowlers([a, b, c], [strike(a, 1), strike(c, 1)]));
  assert.deepEqual(sheet.turn, {
    bowlerId: a.id,
    frame: 2,
    ball: 1,
    pinsStanding: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  });
  assert.deepEqual(sheet.bowlers.map((x) => x.removed), [false, true, false]);
  assert.equal(sheet.bowlers[1].next, null);
});

Deno.test("buildSheet() calls the game over when everyone still playing is done", () => {
  const [a, b] = [bowler(1), bowler(2, true)];
  const balls = Array.from({ length: 12 }, (_, i) => strike(a, i + 1));
  const sheet = buildSheet(SESSION, scoreBowlers([a, b], balls));
  assert.equal(sheet.bowlers[0].total, 300);
  assert.equal(sheet.turn, null);
  assert.equal(sheet.complete, true, "B2 was removed before bowling");
});

Deno.test("buildSheet() is not complete when every bowler was removed", () => {
  const sheet = buildSheet(SESSION, scoreBowlers([bowler(1, true)], []));
  assert.equal(sheet.turn, null);
  assert.equal(sheet.complete, false);
});
