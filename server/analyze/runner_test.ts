import assert from "node:assert/strict";
import { runVideoAnalysis } from "./runner.ts";
import { testPatternVideo } from "./test_videos.ts";

Deno.test("the analyzer subprocess runs even when LD_LIBRARY_PATH is set (./lanecast sets it)", async () => {
  const work = await Deno.makeTempDir();
  const before = Deno.env.get("LD_LIBRARY_PATH");
  Deno.env.set("LD_LIBRARY_PATH", `${work}/lib`);
  try {
    await testPatternVideo(`${work}/p.mp4`, "mp4", 1);
    const out = await runVideoAnalysis({
      path: `${work}/p.mp4`,
      metadata: { duration_seconds: 1, format: "mp4", width: 160, height: 120, fps: 10 },
      calibration: null,
      maxWidth: 1280,
      timeoutMs: 300_000,
    });
    assert.equal(out.frames, 10);
    assert.deepEqual(out.shots, []);
    assert.equal(out.lane?.rackSeen, false, "a test pattern shows no rack");
  } finally {
    if (before === undefined) Deno.env.delete("LD_LIBRARY_PATH");
    else Deno.env.set("LD_LIBRARY_PATH", before);
    await Deno.remove(work, { recursive: true });
  }
});
