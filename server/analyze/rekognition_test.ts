import assert from "node:assert/strict";
import { S3Client } from "@aws-sdk/client-s3";
import { RekognitionClient } from "@aws-sdk/client-rekognition";
import { DomainError } from "../../core/errors.ts";
import { startFakeS3 } from "../clips/fake_s3.ts";
import { startFakeRekognition } from "./fake_rekognition.ts";
import { createRekognitionOpinion, mergeSightings } from "./rekognition.ts";

const BUCKET = "uploads";

/** A 3.2 s H.264 MP4 made by ffmpeg. */
async function video(): Promise<string> {
  const file = await Deno.makeTempFile({ suffix: ".mp4" });
  const out = await new Deno.Command("ffmpeg", {
    args: ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=160x90:rate=10:duration=3.2"]
      .concat(["-c:v", "libx264", "-pix_fmt", "yuv420p", file]),
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  return file;
}

async function world(o: { pollsBeforeDone?: number; fail?: Map<string, string> } = {}) {
  const s3 = await startFakeS3({ bucket: BUCKET });
  const rek = await startFakeRekognition({ s3, bucket: BUCKET, ...o });
  const s3Client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    credentials: s3.credentials,
    forcePathStyle: true,
  });
  const client = (credentials = rek.credentials) =>
    new RekognitionClient({ endpoint: rek.endpoint, region: rek.region, credentials });
  return {
    s3,
    rek,
    opinion: (extra: { maxWaitMs?: number; credentials?: typeof rek.credentials } = {}) =>
      createRekognitionOpinion({
        s3: s3Client,
        rekognition: client(extra.credentials),
        bucket: BUCKET,
        pageSize: 2,
        maxWaitMs: extra.maxWaitMs,
        sleep: () => Promise.resolve(),
      }),
    async [Symbol.asyncDispose]() {
      await rek.close();
      await s3.close();
    },
  };
}

Deno.test("Rekognition labels a video through S3, read page by page, and the upload is deleted", async () => {
  const file = await video();
  await using w = await world({ pollsBeforeDone: 2 });
  const result = await w.opinion().labels(file, "job-1", "video/mp4");
  assert.equal(result.polls, 3, "two IN_PROGRESS answers, then SUCCEEDED");
  assert.equal(result.model, "3.0");
  const bowling = result.labels.find((l) => l.label === "Bowling")!;
  assert.deepEqual(bowling.timestamps, [0, 1, 2, 3], "every page read (2 sightings a page)");
  assert.equal(bowling.confidence, 0.98);
  assert.equal(bowling.category, "Sports");
  assert.equal(bowling.source, "rekognition");
  assert.deepEqual(result.labels.find((l) => l.label === "Bowling Ball")?.timestamps, [1]);
  assert.ok(
    w.rek.calls.filter((c) => c === "GetLabelDetection").length > 4,
    "more than one page",
  );
  assert.equal(w.s3.objects.size, 0, "the upload left S3");
  await Deno.remove(file);
});

Deno.test("a retried analysis starts no second Rekognition job", async () => {
  const file = await video();
  await using w = await world({ pollsBeforeDone: 0 });
  await w.opinion().labels(file, "job-2", "video/mp4");
  await w.opinion().labels(file, "job-2", "video/mp4");
  assert.equal(w.rek.jobs.size, 1);
  await Deno.remove(file);
});

Deno.test("a failed, refused or slow Rekognition job still deletes the upload", async (t) => {
  const file = await video();
  await t.step("the job fails", async () => {
    await using w = await world({ fail: new Map([["analyze/job-3", "Video is corrupt"]]) });
    await assert.rejects(
      () => w.opinion().labels(file, "job-3", "video/mp4"),
      (e) => e instanceof DomainError && e.code === "second_opinion_failed",
    );
    assert.equal(w.s3.objects.size, 0);
  });
  await t.step("a wrong secret key is refused by the signature check", async () => {
    await using w = await world();
    const credentials = { ...w.rek.credentials, secretAccessKey: "wrong" };
    await assert.rejects(
      () => w.opinion({ credentials }).labels(file, "job-4", "video/mp4"),
      (e: Error) => e.name === "InvalidSignatureException",
    );
    assert.equal(w.s3.objects.size, 0);
    assert.equal(w.rek.jobs.size, 0);
  });
  await t.step("the job outlasts the wait", async () => {
    await using w = await world({ pollsBeforeDone: 1_000 });
    await assert.rejects(
      () => w.opinion({ maxWaitMs: 5_000 }).labels(file, "job-5", "video/mp4"),
      (e) => e instanceof DomainError && e.code === "second_opinion_timeout",
    );
    assert.equal(w.s3.objects.size, 0);
  });
  await t.step("a file that is not a video fails as Rekognition fails it", async () => {
    const text = await Deno.makeTempFile({ suffix: ".mp4" });
    await Deno.writeTextFile(text, "not a video");
    await using w = await world({ pollsBeforeDone: 0 });
    await assert.rejects(
      () => w.opinion().labels(text, "job-6", "video/mp4"),
      (e) => e instanceof DomainError && e.code === "second_opinion_failed",
    );
    assert.equal(w.s3.objects.size, 0);
    await Deno.remove(text);
  });
  await Deno.remove(file);
});

Deno.test("sightings merge into one label per name: surest confidence, times in seconds", () => {
  const at = (ms: number, name: string, c: number) => ({
    Timestamp: ms,
    Label: { Name: name, Confidence: c, Categories: [{ Name: "Sports" }] },
  });
  assert.deepEqual(
    mergeSightings([
      { Labels: [at(1500, "Strike", 81.25), at(500, "Strike", 90.5)] },
      { Labels: [at(500, "Strike", 70), { Timestamp: 9 }, at(2000, "Ball", 95)] },
    ]),
    [
      {
        label: "Ball",
        confidence: 0.95,
        timestamps: [2],
        category: "Sports",
        source: "rekognition",
      },
      {
        label: "Strike",
        confidence: 0.905,
        timestamps: [0.5, 1.5],
        category: "Sports",
        source: "rekognition",
      },
    ],
  );
});
