import assert from "node:assert/strict";
import { startHttpCamera } from "../media/http_camera.ts";
import { makeTestClip } from "../media/test_clip.ts";
import { waitFor } from "../tools/system.ts";
import { ffmpegRtpOutputArgs, type RtpIngest } from "./rtp_ingest.ts";
import { startTestSfu, type TestSfu, watchLane } from "./testing.ts";

async function startIngest(t: TestSfu, lane: string, codec: "VP8" | "H264") {
  const res = await fetch(`${t.url}/ingest/${lane}/rtp`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${await t.token(lane, "lane:publish")}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ codec }),
  });
  assert.equal(res.status, 201);
  const ingest = await res.json() as RtpIngest;
  assert.equal(ingest.codec, codec);
  const ffmpeg = new Deno.Command("ffmpeg", {
    args: [
      "-hide_banner",
      "-loglevel",
      "error",
      "-re",
      "-f",
      "lavfi",
      "-i",
      "testsrc2=size=320x240:rate=30",
      "-t",
      "20",
      ...ffmpegRtpOutputArgs(ingest),
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  // The lane is live once the first RTP packets arrive.
  await waitFor(
    async () => (await (await fetch(`${t.url}/lanes`)).json())[0]?.live === true,
    10_000,
    "the lane to go live",
  );
  return {
    async stop() {
      ffmpeg.kill("SIGKILL");
      await ffmpeg.status;
    },
  };
}

Deno.test("a VP8 RTP stream from ffmpeg reaches a viewer", async () => {
  const t = await startTestSfu();
  const ffmpeg = await startIngest(t, "1", "VP8");
  let size = "";
  const viewer = watchLane(t, "1", (f) => (size = `${f.width}x${f.height}`));
  try {
    await waitFor(() => viewer.frames >= 20, 15_000, "20 frames from ffmpeg");
    assert.equal(size, "320x240");
  } finally {
    await viewer.close();
    await ffmpeg.stop();
    await t.close();
  }
});

Deno.test("an H.264 RTP stream is relayed as is, and a viewer that cannot decode H.264 is told so", async () => {
  const t = await startTestSfu();
  const ffmpeg = await startIngest(t, "1", "H264");
  try {
    await waitFor(
      async () => {
        const metrics = await (await fetch(`${t.url}/metrics`)).text();
        const m = /lanecast_sfu_ingress_bitrate_bps\{lane="1"\} (\d+)/.exec(metrics);
        return !!m && Number(m[1]) > 10_000;
      },
      10_000,
      "H.264 bits to arrive",
    );
    // libwebrtc as built in @roamhq/wrtc has no H.264: its WHEP offer cannot take this lane.
    const { RTCPeerConnection } = await import("../media/wrtc.ts");
    const pc = new RTCPeerConnection();
    pc.addTransceiver("video", { direction: "recvonly" });
    await pc.setLocalDescription(await pc.createOffer());
    const res = await fetch(`${t.url}/whep/1`, {
      method: "POST",
      headers: {
        "content-type": "application/sdp",
        authorization: `Bearer ${await t.token("1", "lane:view")}`,
      },
      body: pc.localDescription!.sdp,
    });
    pc.close();
    assert.equal(res.status, 400);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
    assert.match((await res.json()).detail, /VP8 or H.264/);
  } finally {
    await ffmpeg.stop();
    await t.close();
  }
});

Deno.test("a pulled camera source is relayed, and comes back after its ffmpeg dies", async () => {
  // The test's camera is on loopback, which the operator must allow.
  const t = await startTestSfu({ CAMERA_ALLOWED_NETS: "127.0.0.0/8" });
  const dir = await Deno.makeTempDir();
  const clip = `${dir}/camera.webm`;
  await makeTestClip(clip);
  const camera = startHttpCamera(clip);
  const put = await fetch(`${t.url}/ingest/2/pull`, {
    method: "PUT",
    headers: {
      authorization: `Bearer ${await t.token("2", "lane:ingest")}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ url: camera.url }),
  });
  assert.equal(put.status, 204);
  await waitFor(
    async () => (await (await fetch(`${t.url}/lanes`)).json())[0]?.live === true,
    10_000,
    "the lane to go live",
  );
  const viewer = watchLane(t, "2");
  try {
    await waitFor(() => viewer.frames >= 20, 15_000, "frames from the pulled source");
    const [puller] = t.sfu.pulls.list();
    assert.equal(puller.restarts, 0);
    Deno.kill(puller.pid!, "SIGKILL");
    await waitFor(() => t.sfu.pulls.list()[0].restarts === 1, 10_000, "the puller to restart");
    const before = viewer.frames;
    await waitFor(() => viewer.frames >= before + 20, 20_000, "frames after the restart");
    const bad = await fetch(`${t.url}/ingest/2/pull`, {
      method: "PUT",
      headers: {
        authorization: `Bearer ${await t.token("2", "lane:ingest")}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ url: "javascript:alert(1)" }),
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get("content-type"), "application/problem+json");
    assert.equal((await bad.json()).code, "camera_url_invalid");
  } finally {
    await viewer.close();
    t.sfu.pulls.closeAll();
    await camera.close();
    await t.close();
    await Deno.remove(dir, { recursive: true });
  }
});
