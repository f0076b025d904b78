import assert from "node:assert/strict";
import { shotForReplay } from "./replay_shot.ts";

const shots = [
  { id: "1-9000", releasedAtMs: 9_000 },
  { id: "1-5000", releasedAtMs: 5_000 },
];

Deno.test("a replay shows the shot of its id", () => {
  assert.equal(shotForReplay(shots, { shotId: "1-5000" }), "1-5000");
});

Deno.test("an instant replay named after its pinfall shows the shot released in its window", () => {
  const ref = { shotId: "1-pinfall-7600", fromMs: 4_000, toMs: 8_100 };
  assert.equal(shotForReplay(shots, ref), "1-5000");
  assert.equal(shotForReplay(shots, { ...ref, fromMs: 5_500 }), null, "no shot released in it");
  assert.equal(shotForReplay(shots, { shotId: "unknown" }), null);
});
