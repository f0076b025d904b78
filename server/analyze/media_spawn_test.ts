/**
 * Programs run on users' uploads see none of the API's environment (review
 * M1): a canary variable set in this process is absent in the ffprobe and
 * ffmpeg the analysis starts (fakes on PATH that record what they got), and
 * they read the upload as a local file only.
 */
import assert from "node:assert/strict";
import { analyzerEnv } from "./media_spawn.ts";
import { cutPosters } from "./posters.ts";
import { probeVideo } from "./probe.ts";
import { analyzerReadPaths } from "./runner.ts";

const CANARY = "LANECAST_TEST_CANARY_SECRET";

/** Runs `fn` with fake `names` first on PATH, each recording its env and args in `work`. */
async function withFakes(
  names: string[],
  fn: (work: string) => Promise<void>,
): Promise<Map<string, { env: string; args: string }>> {
  const work = await Deno.makeTempDir();
  const path = Deno.env.get("PATH")!;
  for (const name of names) {
    const script =
      `#!/bin/sh\nenv > ${work}/${name}.env\necho "$@" > ${work}/${name}.args\nexit 1\n`;
    await Deno.writeTextFile(`${work}/${name}`, script, { mode: 0o755 });
  }
  Deno.env.set("PATH", `${work}:${path}`);
  Deno.env.set(CANARY, "s3cret-canary");
  const seen = new Map<string, { env: string; args: string }>();
  try {
    await fn(work);
    for (const name of names) {
      seen.set(name, {
        env: await Deno.readTextFile(`${work}/${name}.env`),
        args: await Deno.readTextFile(`${work}/${name}.args`),
      });
    }
  } finally {
    Deno.env.set("PATH", path);
    Deno.env.delete(CANARY);
    await Deno.remove(work, { recursive: true });
  }
  return seen;
}

Deno.test("ffprobe on an upload sees no secret of the API's environment and reads local files only", async () => {
  const seen = await withFakes(["ffprobe"], async (work) => {
    await assert.rejects(probeVideo(`${work}/upload.mp4`, "mp4"), /Cannot read the video/);
  });
  const { env, args } = seen.get("ffprobe")!;
  assert.ok(!env.includes(CANARY), "the canary reached ffprobe");
  assert.match(env, /^PATH=/m);
  assert.match(args, /-protocol_whitelist file /);
});

Deno.test("ffmpeg cutting posters sees no secret of the API's environment and reads local files only", async () => {
  const seen = await withFakes(["ffmpeg"], async (work) => {
    assert.equal(await cutPosters(`${work}/upload.mp4`, work, "job", [1]), 0);
  });
  const { env, args } = seen.get("ffmpeg")!;
  assert.ok(!env.includes(CANARY), "the canary reached ffmpeg");
  assert.match(args, /-protocol_whitelist file .*-i /);
});

Deno.test("the analyzer subprocess gets PATH and Deno's cache, no secret, and cannot read DATA_DIR", () => {
  const env = analyzerEnv({
    PATH: "/usr/bin",
    DENO_DIR: "/cache/deno",
    [CANARY]: "x",
    DATABASE_URL: "postgres://u:p@h/db",
    LD_LIBRARY_PATH: "/lib/srtp",
  });
  assert.deepEqual(env, { PATH: "/usr/bin", DENO_DIR: "/cache/deno" });
  const reads = analyzerReadPaths("/tmp/up/v.mp4", env);
  assert.ok(reads.includes("/tmp/up/v.mp4"));
  const root = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
  assert.ok(!reads.includes(root), "the whole repository (and ./data with the keys)");
  assert.ok(reads.every((p) => !p.includes("/data")), reads.join(","));
});
