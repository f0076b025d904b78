import assert from "node:assert/strict";
import { DEFAULT_MAX_CLIP_MS, replayWindow } from "./replay_window.ts";

Deno.test("replayWindow() runs from REPLAY_PRE_MS before the release to REPLAY_POST_MS after the pinfall", () => {
  assert.deepEqual(replayWindow({ releaseMs: 10_000, pinfallMs: 13_000 }), {
    fromMs: 9_000,
    toMs: 14_500,
  });
  assert.deepEqual(
    replayWindow({ releaseMs: 10_000, pinfallMs: 13_000 }, { preMs: 200, postMs: 300 }),
    { fromMs: 9_800, toMs: 13_300 },
  );
});

Deno.test("replayWindow() never exceeds the longest window", () => {
  const w = replayWindow({ releaseMs: 0, pinfallMs: 100_000 });
  assert.equal(w.toMs - w.fromMs, DEFAULT_MAX_CLIP_MS);
  assert.equal(w.toMs, 101_500);
});

Deno.test("replayWindow() without a release before the pinfall keeps the longest window before it", () => {
  for (const releaseMs of [null, 13_000, 20_000]) {
    const w = replayWindow({ releaseMs, pinfallMs: 13_000 }, { preMs: 1000, postMs: 1500 }, 8000);
    assert.deepEqual(w, { fromMs: 6_500, toMs: 14_500 });
  }
});
