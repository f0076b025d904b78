/**
 * Rekognition as a second opinion on uploads, through the official SDKs
 * pointed at a local S3 and Rekognition that check SigV4: the job answers
 * with Lanecast's own result at once (`second_opinion: pending`), the upload
 * leaves the disk and S3, and Rekognition's labels join the stored result
 * with `source: "rekognition"` when they come; a failed job is recorded as
 * failed and Lanecast's result stays.
 */
import assert from "node:assert/strict";
import { S3Client } from "@aws-sdk/client-s3";
import { RekognitionClient } from "@aws-sdk/client-rekognition";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { startFakeS3 } from "../clips/fake_s3.ts";
import { createTestApp } from "../testing.ts";
import { expectJson } from "../users/testing.ts";
import { testShotReport } from "../shots/test_report.ts";
import { startFakeRekognition } from "./fake_rekognition.ts";
import { createRekognitionOpinion } from "./rekognition.ts";
import type { RunOutput } from "./runner.ts";
import { createAnalyze } from "./service.ts";
import { createPendingOpinions } from "./pending_opinions.ts";
import { testPatternVideo, videoForm } from "./test_videos.ts";
import { secondOpinionOf } from "./second_opinion.ts";
import { loadServerConfig } from "../config.ts";

const BUCKET = "uploads";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`Rekognition's labels join an upload's analysis on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const s3 = await startFakeS3({ bucket: BUCKET });
    const rek = await startFakeRekognition({
      s3,
      bucket: BUCKET,
      pollsBeforeDone: 1,
    });
    const dir = await Deno.makeTempDir();
    const work = await Deno.makeTempDir();
    let release = () => {};
    let gate = new Promise<void>((r) => (release = r));
    const run = (): Promise<RunOutput> =>
      Promise.resolve({
        t0Ms: 1_800_000_000_000,
        shots: [testShotReport("lane-video-1", { standingBefore: 1023, standing: 0 })],
        models: { ball: "b", pins: "p" },
        frames: 10,
      });
    const opinion = createRekognitionOpinion({
      s3: new S3Client({
        endpoint: s3.endpoint,
        region: s3.region,
        credentials: s3.credentials,
        forcePathStyle: true,
      }),
      rekognition: new RekognitionClient({
        endpoint: rek.endpoint,
        region: rek.region,
        credentials: rek.credentials,
      }),
      bucket: BUCKET,
      // Rekognition "works" until the test lets it answer (or the worker stops asking).
      sleep: (_ms, signal) =>
        new Promise<void>((resolve, reject) => {
          gate.then(resolve);
          signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
        }),
    });
    const start = () =>
      createAnalyze({
        config: { ...app.deps.config, ANALYZE_DIR: dir },
        kv: app.deps.kv,
        sql: app.deps.db.sql,
        run,
        secondOpinion: opinion,
        log: () => {},
      });
    let analyze = app.deps.analyze = await start();
    const alice = await app.as("spectator", "alice");
    const mp4 = await testPatternVideo(`${work}/a.mp4`, "mp4");
    const upload = async () => {
      const res = await app.app.request("/api/analyze", {
        method: "POST",
        body: videoForm(mp4, "bowl.mp4"),
        headers: alice.headers,
      });
      return (await expectJson(res, 202)).job.id as string;
    };
    const result = async (id: string) =>
      (await expectJson(
        await app.app.request(`/api/analyze/${id}`, { headers: alice.headers }),
        200,
      )).result;
    try {
      await t.step(
        "the job answers with its own result without waiting for Rekognition",
        async () => {
          const id = await upload();
          await analyze.worker.drain();
          const own = await result(id);
          assert.deepEqual(own.second_opinion, { state: "pending" });
          assert.ok(own.labels.every((l: { source: string }) => l.source === "lanecast"));
          assert.deepEqual(
            [...Deno.readDirSync(dir)].filter((e) => e.isFile),
            [],
            "the upload left the disk (its posters/ folder stays)",
          );

          release();
          await analyze.worker.secondOpinions();
          const merged = await result(id);
          assert.deepEqual(merged.second_opinion, { state: "done", model: "3.0" });
          const bowling = merged.labels.find((l: { label: string }) => l.label === "Bowling");
          assert.equal(bowling.source, "rekognition");
          assert.equal(bowling.category, "Sports");
          assert.ok(bowling.timestamps.length >= 1);
          assert.ok(bowling.confidence > 0.9 && bowling.confidence <= 1);
          assert.ok(
            merged.labels.some((l: { label: string; source: string }) =>
              l.label === "Strike" && l.source === "lanecast"
            ),
            "Lanecast's labels stay",
          );
          assert.equal(s3.objects.size, 0, "the upload left S3");
          assert.deepEqual(rek.calls.slice(0, 1), ["StartLabelDetection"]);
        },
      );

      await t.step(
        "a job Rekognition fails is recorded as failed; the analysis stands",
        async () => {
          gate = Promise.resolve();
          const id = await upload();
          rek.failing.set(`analyze/${id}`, "Video is corrupt");
          await analyze.worker.drain();
          await analyze.worker.secondOpinions();
          const after = await result(id);
          assert.equal(after.second_opinion.state, "failed");
          assert.match(after.second_opinion.error, /Rekognition could not label the video/);
          assert.equal(after.shots.length, 1);
          assert.equal(s3.objects.size, 0);
        },
      );

      await t.step(
        "second opinions pending when the server stops are taken up at its next start",
        async () => {
          gate = new Promise((r) => (release = r));
          const started = await upload();
          const notYet = await upload();
          await analyze.worker.drain();
          const pending = createPendingOpinions(app.deps.kv);
          const bothStarted = async () => {
            const ids = new Map((await pending.all()).map((p) => [p.jobId, p.rekognitionJobId]));
            return ids.get(started) && ids.get(notYet);
          };
          while (!(await bothStarted())) {
            await new Promise((r) => setTimeout(r, 10));
          }
          const starts = rek.calls.filter((c) => c === "StartLabelDetection").length;
          await analyze.worker.stop();
          assert.equal((await result(started)).second_opinion.state, "pending");
          assert.equal(s3.objects.size, 2, "the uploads stay in S3 while their jobs are pending");
          // As if the server had died between the upload to S3 and Rekognition's answer.
          await pending.begin(notYet);
          release();

          analyze = app.deps.analyze = await start();
          await analyze.worker.start();
          await analyze.worker.secondOpinions();
          const resumed = await result(started);
          assert.deepEqual(resumed.second_opinion, { state: "done", model: "3.0" });
          assert.ok(resumed.labels.some((l: { source: string }) => l.source === "rekognition"));
          const interrupted = await result(notYet);
          assert.equal(interrupted.second_opinion.state, "failed");
          assert.match(interrupted.second_opinion.error, /restarted before Rekognition started/);
          assert.equal(
            rek.calls.filter((c) => c === "StartLabelDetection").length,
            starts,
            "the started job was read again, not started anew",
          );
          assert.equal(s3.objects.size, 0, "both uploads left S3");
          assert.deepEqual(await pending.all(), []);
        },
      );
    } finally {
      release(); // a failed step must not leave a second opinion waiting forever
      await analyze.worker.stop();
      await rek.close();
      await s3.close();
      await app.close();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      await Deno.remove(work, { recursive: true }).catch(() => {});
    }
  });
}

Deno.test("REKOGNITION=on needs a bucket; with one the configuration makes a second opinion", () => {
  assert.throws(
    () => loadServerConfig({ REKOGNITION: "true" }),
    /REKOGNITION=on needs REKOGNITION_BUCKET or S3_BUCKET/,
  );
  assert.equal(secondOpinionOf(loadServerConfig({})), null);
  const config = loadServerConfig({ REKOGNITION: "true", REKOGNITION_BUCKET: "uploads" });
  assert.equal(
    typeof secondOpinionOf(config, new Map([["AWS_REGION", "eu-west-1"]]))?.start,
    "function",
  );
});
