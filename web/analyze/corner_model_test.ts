import assert from "node:assert/strict";
import { simLaneCorners } from "../../core/lane_corners.ts";
import { CornerModel } from "./corner_model.ts";

const frame = { image: {} as CanvasImageSource, width: 640, height: 360 };

Deno.test("four corners in order make a lane, sent as the corners field", () => {
  const m = new CornerModel();
  m.reset(frame);
  assert.deepEqual(m.check.value, {
    kind: "incomplete",
    next: "Foul line, left end",
    placed: 0,
  });
  for (const c of simLaneCorners()) m.place(c.x, c.y);
  m.place(0.5, 0.5); // a fifth click is ignored
  assert.equal(m.check.value.kind, "lane");
  assert.deepEqual(JSON.parse(m.field()!), simLaneCorners());
});

Deno.test("undo, clear and a new video take corners back; swapped ones are refused in words", () => {
  const m = new CornerModel();
  m.reset(frame);
  const [a, b, c, d] = simLaneCorners();
  for (const p of [b, a, d, c]) m.place(p.x, p.y);
  const check = m.check.value;
  assert.equal(check.kind, "invalid");
  assert.match(check.kind === "invalid" ? check.message : "", /Left and right are swapped/);
  assert.equal(m.field(), null, "nothing is sent");
  m.undo();
  assert.equal(m.corners.value.length, 3);
  m.clear();
  assert.equal(m.corners.value.length, 0);
  m.place(0.1, 0.1);
  m.reset(null);
  assert.equal(m.corners.value.length, 0);
  assert.equal(m.field(), null);
});

Deno.test("the keyboard moves the cross, places a corner with Enter and undoes with Backspace", () => {
  const m = new CornerModel();
  m.reset(frame);
  assert.equal(m.key("ArrowLeft", false), true);
  assert.equal(m.key("ArrowDown", true), true);
  assert.deepEqual(m.cursor.value, { x: 0.495, y: 0.55 });
  m.key("Enter", false);
  assert.deepEqual(m.corners.value, [{ x: 0.495, y: 0.55 }]);
  m.key("Backspace", false);
  assert.deepEqual(m.corners.value, []);
  assert.equal(m.key("a", false), false, "other keys are left to the page");
  for (let i = 0; i < 200; i++) m.key("ArrowUp", true);
  assert.equal(m.cursor.value.y, 0, "the cross stays in the frame");
});
