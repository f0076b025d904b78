import assert from "node:assert/strict";
import type { EvalFigures } from "./eval_match.ts";
import { unmetGoals } from "./eval_goals.ts";

const good = {
  pinStateExact: 1,
  autoSettled: 0.99,
  wrongAutoSettled: 0,
  speedMaeMph: 0.1,
  arrowsBoardMae: 0.22,
  entryAngleMaeDeg: 0.2,
} as EvalFigures;

Deno.test("figures within every goal miss none", () => {
  assert.deepEqual(unmetGoals(good), []);
});

Deno.test("the figures under load that the issue reports miss three goals", () => {
  const loaded = { ...good, pinStateExact: 0.95, autoSettled: 0.7, arrowsBoardMae: 0.72 };
  assert.deepEqual(unmetGoals(loaded), [
    "pinStateExact 0.95 (goal ≥ 0.999)",
    "autoSettled 0.7 (goal ≥ 0.98)",
    "arrowsBoardMae 0.72 (goal ≤ 0.25)",
  ]);
});

Deno.test("a figure missing (no shot matched) misses its goal", () => {
  assert.deepEqual(unmetGoals({ ...good, arrowsBoardMae: null as unknown as number }), [
    "arrowsBoardMae none (goal ≤ 0.25)",
  ]);
});
