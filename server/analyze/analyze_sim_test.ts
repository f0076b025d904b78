/**
 * End to end through the real analyzer: simulator videos encoded by ffmpeg
 * (H.264 in MP4 and MOV, MPEG-4 in AVI) are uploaded, analysed by the live
 * sidecar's models in the analysis subprocess, and their shots match the
 * simulator's ground truth: pin states exact, foul calls right, speed and
 * board within the live figures. A video with no lane in it finds no shots.
 * (PGlite only: the database code is covered on both in routes/analyze_test.ts.)
 */
import assert from "node:assert/strict";
import type { VideoShot } from "../../core/video_analysis.ts";
import { encodeSimVideo } from "../../tools/sim_video.ts";
import { createTestApp } from "../testing.ts";
import { expectJson } from "../users/testing.ts";
import { createAnalyze } from "./service.ts";
import { testPatternVideo, videoForm } from "./test_videos.ts";

/** A shot counts as the true one when released this close to it (as tools/eval_match.ts). */
const MATCH_S = 0.6;

Deno.test("simulator videos in MP4, MOV and AVI are analysed to the simulator's ground truth", async (t) => {
  const app = await createTestApp("pglite");
  const dir = await Deno.makeTempDir({ prefix: "lanecast-analyze-sim-" });
  const work = await Deno.makeTempDir();
  app.deps.analyze = await createAnalyze({
    config: { ...app.deps.config, ANALYZE_DIR: dir },
    kv: app.deps.kv,
    sql: app.deps.db.sql,
    log: () => {},
  });
  const user = await app.as("spectator", "uploader");
  async function analyse(path: string) {
    const body = videoForm(await Deno.readFile(path), path.split("/").pop()!);
    const res = await app.app.request("/api/analyze", {
      method: "POST",
      body,
      headers: user.headers,
    });
    const { job } = await expectJson(res, 202);
    await app.deps.analyze!.worker.drain();
    const got = await expectJson(
      await app.app.request(`/api/analyze/${job.id}`, { headers: user.headers }),
      200,
    );
    assert.equal(got.job.state, "done", JSON.stringify(got.job.error));
    assert.deepEqual(
      [...Deno.readDirSync(dir)].filter((e) => e.name !== "posters").map((e) => e.name),
      [],
      "the upload is deleted after the analysis (only its shots' posters stay)",
    );
    return got.result;
  }
  try {
    for (
      const [format, seed, shots] of [["mp4", 200, 2], ["mov", 201, 1], ["avi", 202, 1]] as const
    ) {
      await t.step(`${format}: seed ${seed}, ${shots} shots`, async () => {
        const path = `${work}/lane.${format}`;
        const truths = await encodeSimVideo({ path, seed, shots });
        const result = await analyse(path);
        assert.equal(result.status, "SUCCEEDED");
        assert.equal(result.video_metadata.format, format);
        assert.equal(result.video_metadata.width, 640);
        assert.equal(result.video_metadata.fps, 30);
        assert.equal(result.shots.length, truths.length);
        for (const truth of truths) {
          const shot = result.shots.find((s: VideoShot) =>
            Math.abs(s.releaseAt - truth.releaseMs / 1000) <= MATCH_S
          );
          assert.ok(shot, `no shot released near ${truth.releaseMs} ms`);
          assert.equal(shot.standing, truth.standingAfter, "pins standing after the ball");
          assert.equal(shot.standingBefore, truth.standingBefore, "pins standing before the ball");
          assert.equal(shot.foul, truth.foul);
          assert.ok(
            Math.abs(shot.metrics.launchSpeedMph - truth.launchSpeedMph) < 1,
            "launch speed",
          );
          assert.ok(
            Math.abs(shot.metrics.arrowsBoard - truth.arrowsBoard) < 1.5,
            "board at the arrows",
          );
          assert.equal(shot.strike, truth.standingBefore === 1023 && truth.standingAfter === 0);
        }
        const release = result.labels.find((l: { label: string }) => l.label === "Ball release");
        assert.equal(release.timestamps.length, truths.length);
        assert.ok(result.models.ball && result.models.pins);
        assert.ok(result.betting_suggestion);
      });
    }

    await t.step("a video with no lane in it is analysed to no shots", async () => {
      await testPatternVideo(`${work}/pattern.mp4`, "mp4", 2);
      const result = await analyse(`${work}/pattern.mp4`);
      assert.deepEqual(result.shots, []);
      assert.deepEqual(result.labels, []);
      assert.equal(result.betting_suggestion, null);
    });
  } finally {
    await app.deps.analyze.worker.stop();
    await app.close();
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(work, { recursive: true });
  }
});
