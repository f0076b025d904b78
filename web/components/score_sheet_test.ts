import assert from "node:assert/strict";
import { frameBoxes, sheetState } from "./score_sheet.tsx";

const ball = (mark: string) => ({ mark, split: false, corrected: false });

Deno.test("frameBoxes() puts a strike in the right-hand box of frames 1-9", () => {
  assert.deepEqual(frameBoxes({ balls: [ball("X")] }, false), [undefined, ball("X")]);
  assert.deepEqual(frameBoxes({ balls: [ball("7"), ball("/")] }, false), [ball("7"), ball("/")]);
  assert.deepEqual(frameBoxes({ balls: [ball("9")] }, false), [ball("9"), undefined]);
  assert.deepEqual(frameBoxes(undefined, false), [undefined, undefined]);
});

Deno.test("frameBoxes() gives the tenth frame three boxes in order", () => {
  assert.deepEqual(frameBoxes({ balls: [ball("X"), ball("X"), ball("8")] }, true), [
    ball("X"),
    ball("X"),
    ball("8"),
  ]);
  assert.deepEqual(frameBoxes({ balls: [ball("X")] }, true), [ball("X"), undefined, undefined]);
});

Deno.test("sheetState() says who is up, or that the game or session is over", () => {
  const bowlers = [{ id: "a", name: "Ada" }, { id: "b", name: "Bo" }];
  const open = { status: "open" as const, complete: false, bowlers };
  assert.equal(
    sheetState({ ...open, turn: { bowlerId: "b", frame: 4, ball: 2 } }),
    "Bo is up · frame 4, ball 2",
  );
  assert.equal(sheetState({ ...open, complete: true, turn: null }), "Game over");
  assert.equal(sheetState({ ...open, status: "closed", turn: null }), "Session closed");
});
