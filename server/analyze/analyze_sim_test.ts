/**
 * End to end through the real analyzer: simulator videos encoded by ffmpeg
 * (H.264 in MP4 and MOV, MPEG-4 in AVI) are uploaded, analysed by the live
 * sidecar's models in the analysis subprocess, and their shots match the
 * simulator's ground truth: pin states exact, foul calls right, speed and
 * board within the live figures. A simulator video framed off-centre, whose
 * calibration comes only from its four true lane corners clicked on the first
 * frame, analyses to its ground truth too. A video with no lane in it fails
 * with the reason `no_lane_found`, its file gone.
 * (PGlite only: the database code is covered on both in routes/analyze_test.ts.)
 */
import assert from "node:assert/strict";
import type { VideoAnalysis, VideoShot } from "../../core/video_analysis.ts";
import { simLaneCorners } from "../../core/lane_corners.ts";
import type { TimedShotTruth } from "../../sim/ground_truth.ts";
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
  /** Uploads and analyses `path`; the finished job and its result. */
  async function upload(path: string, fields: Record<string, string> = {}) {
    const body = videoForm(await Deno.readFile(path), path.split("/").pop()!, fields);
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
    assert.deepEqual(
      [...Deno.readDirSync(dir)].filter((e) => e.name !== "posters").map((e) => e.name),
      [],
      "the upload is deleted after the analysis (only its shots' posters stay)",
    );
    return got;
  }
  async function analyse(path: string, fields: Record<string, string> = {}) {
    const got = await upload(path, fields);
    assert.equal(got.job.state, "done", JSON.stringify(got.job.error));
    return got.result;
  }
  function matchesTruth(result: VideoAnalysis, truths: TimedShotTruth[]) {
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
        Math.abs((shot.metrics?.launchSpeedMph ?? NaN) - truth.launchSpeedMph) < 1,
        `launch speed ${shot.metrics?.launchSpeedMph} vs ${truth.launchSpeedMph}`,
      );
      assert.ok(
        Math.abs((shot.metrics?.arrowsBoard ?? NaN) - truth.arrowsBoard) < 1.5,
        `board at the arrows ${shot.metrics?.arrowsBoard} vs ${truth.arrowsBoard}`,
      );
      assert.equal(shot.strike, truth.standingBefore === 1023 && truth.standingAfter === 0);
    }
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
        matchesTruth(result, truths);
        const release = result.labels.find((l: { label: string }) => l.label === "Ball release");
        assert.equal(release.timestamps.length, truths.length);
        assert.ok(result.models.ball && result.models.pins);
        assert.ok(result.betting_suggestion);
      });
    }

    await t.step(
      "a lane framed off-centre, calibrated by its four corners clicked on the first frame",
      async () => {
        const sim = `${work}/sim.mp4`;
        const truths = await encodeSimVideo({ path: sim, seed: 204, shots: 1 });
        // The simulator's frame, 640×360, placed at (120, 40) in an 800×450 one: the default
        // camera no longer fits, only the corners say where the lane is.
        const [w, h, dx, dy] = [800, 450, 120, 40];
        const padded = `${work}/padded.mp4`;
        const out = await new Deno.Command("ffmpeg", {
          args: [
            ...["-v", "error", "-y", "-i", sim, "-vf", `pad=${w}:${h}:${dx}:${dy}:color=black`],
            ...["-c:v", "libx264", "-preset", "ultrafast", "-crf", "16", "-pix_fmt", "yuv420p"],
            padded,
          ],
          stderr: "piped",
        }).output();
        assert.ok(out.success, new TextDecoder().decode(out.stderr));
        const corners = simLaneCorners(640, 360).map(({ x, y }) => ({
          x: (x * 640 + dx) / w,
          y: (y * 360 + dy) / h,
        }));
        const result = await analyse(padded, { corners: JSON.stringify(corners) });
        assert.equal(result.video_metadata.width, w);
        matchesTruth(result, truths);
      },
    );

    await t.step("a video with no lane in it fails with the reason no_lane_found", async () => {
      await testPatternVideo(`${work}/pattern.mp4`, "mp4", 2);
      const { job, result } = await upload(`${work}/pattern.mp4`);
      assert.equal(job.state, "failed");
      assert.equal(job.error.code, "no_lane_found");
      assert.match(job.error.message, /No lane was found in the video/);
      assert.equal(result, null);
    });
  } finally {
    await app.deps.analyze.worker.stop();
    await app.close();
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(work, { recursive: true });
  }
});
