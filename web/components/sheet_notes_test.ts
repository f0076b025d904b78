import assert from "node:assert/strict";
import type { Sheet, SheetBall } from "../../core/session_sheet.ts";
import { ballNotes, markWords, scoredBy } from "./sheet_notes.tsx";

const ball = (over: Partial<SheetBall>): SheetBall => ({
  id: "1",
  pinsStanding: [],
  standing: 0,
  foul: false,
  pins: 10,
  mark: "X",
  split: false,
  source: "ai",
  corrected: false,
  confidence: 0.99,
  shotId: "shot-0001",
  provisional: false,
  correction: null,
  ...over,
});

const sheetOf = (balls: SheetBall[][]): Sheet => ({
  id: "00000000-0000-4000-8000-000000000001",
  laneId: "1",
  status: "open",
  openedAt: "2026-12-07T10:00:00.000Z",
  closedAt: null,
  bowlers: [{
    id: "00000000-0000-4000-8000-000000000002",
    position: 1,
    name: "Ada",
    userId: null,
    frames: balls.map((b, i) => ({
      number: i + 1,
      balls: b,
      score: null,
      total: null,
      complete: true,
    })),
    total: 0,
    complete: false,
    next: null,
    removed: false,
  }],
  turn: null,
  complete: false,
  openPlay: true,
});

Deno.test("ballNotes() lists balls in review and corrections with where they are, in sheet order", () => {
  const correction = { reason: "The 7 stood", at: "2026-12-07T10:05:00.000Z", by: "Sam" };
  const notes = ballNotes(sheetOf([
    [ball({ id: "1" })],
    [ball({ id: "2", mark: "9", provisional: true }), ball({ id: "3", mark: "/" })],
    [ball({ id: "4", source: "correction", corrected: true, correction })],
  ]));
  assert.deepEqual(notes.map((n) => [n.ball.id, n.kind, n.where]), [
    ["2", "review", "Ada, frame 2 ball 1"],
    ["4", "correction", "Ada, frame 3 ball 1"],
  ]);
});

Deno.test("ballNotes() says nothing for a sheet from a server without the marks", () => {
  const old = ball({});
  delete old.provisional;
  delete old.correction;
  assert.deepEqual(ballNotes(sheetOf([[old]])), []);
});

Deno.test("scoredBy() and markWords() tell the AI's balls from staff's, in review or corrected", () => {
  assert.equal(scoredBy({ source: "ai" }), "ai");
  assert.equal(scoredBy({ source: "manual" }), "staff");
  assert.equal(scoredBy({ source: "correction" }), "staff");
  assert.equal(markWords(ball({})), ", scored by the AI");
  assert.equal(markWords(ball({ source: "manual" })), ", scored by staff");
  assert.equal(markWords(ball({ provisional: true })), ", scored by the AI, in review");
  assert.equal(markWords(ball({ source: "correction", corrected: true })), ", corrected by staff");
});
