import assert from "node:assert/strict";

const SCRIPT = new URL("./analyze_video.ts", import.meta.url).pathname;

Deno.test("the analysis subprocess decodes where LD_LIBRARY_PATH is set (lanecast sets it for the SFU's libsrtp2)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/pattern.mp4`;
    const made = await new Deno.Command("ffmpeg", {
      args: ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "0.5", file],
    }).output();
    assert.ok(made.success);
    // As server/analyze/runner.ts runs it: ffmpeg allowed by name only.
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        ...["run", "--quiet", "--allow-read", "--allow-env", "--allow-ffi", "--allow-sys"],
        ...["--allow-run=ffmpeg", SCRIPT, "--file", file, "--width", "320", "--height", "240"],
        ...["--fps", "30", "--frames", "15", "--max-width", "640"],
      ],
      env: { LD_LIBRARY_PATH: dir },
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.ok(out.success, stderr);
    const last = JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!);
    assert.equal(last.type, "done");
    assert.equal(last.frames, 15);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
