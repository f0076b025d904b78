/**
 * The S3 clip store through the official SDK against a local S3-compatible
 * server that checks SigV4 (server/clips/fake_s3.ts): objects stored and
 * removed, presigned URLs that serve (ranges included), expire and break
 * when tampered; and the server's clips in S3 when S3_BUCKET is set.
 */
import assert from "node:assert/strict";
import { startFakeS3 } from "./fake_s3.ts";
import { createS3Store } from "./s3_store.ts";
import { recordShot } from "../shots/record.ts";
import { testShotReport } from "../shots/test_report.ts";
import { createTestApp } from "../testing.ts";
import { getClipOfShot } from "./repo.ts";
import { testClip } from "./test_clip.ts";

const NAME = "0b7e4a52-9c1d-4f3e-8a2b-5d6c7e8f9a0b.webm";

Deno.test("the S3 store puts, serves by presigned URL with ranges, and deletes a clip", async () => {
  const s3 = await startFakeS3({ bucket: "lanecast-clips" });
  const store = createS3Store({
    bucket: "lanecast-clips",
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: s3.credentials,
  });
  try {
    const bytes = crypto.getRandomValues(new Uint8Array(5000));
    await store.put(NAME, bytes, "video/webm");
    assert.deepEqual(s3.objects.get(`clips/${NAME}`)?.bytes, bytes);
    assert.equal(s3.objects.get(`clips/${NAME}`)?.contentType, "video/webm");

    const url = await store.signedUrl(NAME, 60);
    const whole = await fetch(url);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get("content-type"), "video/webm");
    assert.deepEqual(new Uint8Array(await whole.arrayBuffer()), bytes);

    const part = await fetch(url, { headers: { range: "bytes=100-199" } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get("content-range"), "bytes 100-199/5000");
    assert.deepEqual(new Uint8Array(await part.arrayBuffer()), bytes.slice(100, 200));

    await store.delete(NAME);
    assert.equal(s3.objects.has(`clips/${NAME}`), false);
    assert.equal(s3.refused.length, 0);
  } finally {
    store.close();
    await s3.close();
  }
});

Deno.test("a presigned URL that is tampered with or expired is refused by S3", async () => {
  let now = Date.now();
  const s3 = await startFakeS3({ bucket: "b", now: () => now });
  const store = createS3Store({
    bucket: "b",
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: s3.credentials,
  });
  try {
    await store.put(NAME, new Uint8Array([1, 2, 3]), "video/webm");
    const url = new URL(await store.signedUrl(NAME, 60));
    const other = new URL(url);
    other.pathname = other.pathname.replace(".webm", ".mp4");
    const tampered = await fetch(other);
    assert.equal(tampered.status, 403);
    assert.match(await tampered.text(), /SignatureDoesNotMatch/);
    const longer = new URL(url);
    longer.searchParams.set("X-Amz-Expires", "604800");
    const extended = await fetch(longer);
    assert.equal(extended.status, 403);
    await extended.body?.cancel();

    now += 61_000;
    const expired = await fetch(url);
    assert.equal(expired.status, 403);
    assert.match(await expired.text(), /expired/);
  } finally {
    store.close();
    await s3.close();
  }
});

Deno.test("the S3 store's requests signed with the wrong secret are refused", async () => {
  const s3 = await startFakeS3({ bucket: "b" });
  const store = createS3Store({
    bucket: "b",
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { ...s3.credentials, secretAccessKey: "not-the-secret" },
  });
  try {
    await assert.rejects(() => store.put(NAME, new Uint8Array([1]), "video/webm"));
    assert.deepEqual(s3.refused, ["SignatureDoesNotMatch"]);
    assert.equal(s3.objects.size, 0);
  } finally {
    store.close();
    await s3.close();
  }
});

Deno.test("with S3_BUCKET set, a shot's clip and poster go to S3 and its URLs are presigned", async () => {
  const s3 = await startFakeS3({ bucket: "lanecast-clips" });
  // The SDK's default credential chain reads these, as in production.
  Deno.env.set("AWS_ACCESS_KEY_ID", s3.credentials.accessKeyId);
  Deno.env.set("AWS_SECRET_ACCESS_KEY", s3.credentials.secretAccessKey);
  const app = await createTestApp("pglite", {
    S3_BUCKET: "lanecast-clips",
    S3_REGION: s3.region,
    S3_ENDPOINT: s3.endpoint,
    S3_FORCE_PATH_STYLE: "true",
  });
  try {
    app.sfu.cutClip = async (_lane, window) => await testClip(window);
    await recordShot(app.deps.db.sql, {}, "1", testShotReport("s3-shot-0001"));
    await app.outbox.drain();
    assert.equal(await app.deps.clips!.worker.step(), "ready");
    const clip = await getClipOfShot(app.deps.db.sql, "s3-shot-0001");
    assert.deepEqual(
      [...s3.objects.keys()].sort(),
      [`clips/${clip!.posterKey}`, `clips/${clip!.videoKey}`],
    );
    const res = await app.app.request("/api/shots/s3-shot-0001/clip");
    // The web app's <video> and poster <img> may load from the bucket under the page's CSP.
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, new RegExp(`media-src 'self' blob: ${s3.endpoint}(;|$)`), csp);
    assert.match(csp, new RegExp(`img-src 'self' data: blob: ${s3.endpoint}(;|$)`), csp);
    const view = await res.json();
    assert.equal(view.state, "ready");
    assert.ok(view.url.startsWith(`${s3.endpoint}/lanecast-clips/clips/`), view.url);
    assert.match(view.url, /X-Amz-Signature=/);
    const video = await fetch(view.url);
    assert.equal(video.status, 200);
    assert.equal(video.headers.get("content-type"), "video/webm");
    assert.deepEqual(
      new Uint8Array(await video.arrayBuffer()),
      (await testClip({ fromMs: 0, toMs: 1 })).bytes,
    );
    const poster = await fetch(view.posterUrl);
    assert.equal(poster.headers.get("content-type"), "image/jpeg");
    await poster.body?.cancel();
    assert.deepEqual(s3.refused, []);
  } finally {
    Deno.env.delete("AWS_ACCESS_KEY_ID");
    Deno.env.delete("AWS_SECRET_ACCESS_KEY");
    await app.deps.clips!.close();
    await app.close();
    await s3.close();
  }
});
