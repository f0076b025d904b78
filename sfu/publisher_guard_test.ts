/**
 * A rogue feed can be stopped: a publisher that never connects does not take
 * the lane off the air, and when the server ends a lane's publish epoch the
 * live publisher is dropped and older publish tokens are refused.
 */
import assert from "node:assert/strict";
import { RTCPeerConnection } from "../media/wrtc.ts";
import { waitFor } from "../tools/system.ts";
import { publishPattern, startTestSfu, type TestSfu, watchLane } from "./testing.ts";

async function whipOffer(t: TestSfu, lane: string, token: string) {
  const pc = new RTCPeerConnection();
  pc.addTransceiver("video", { direction: "sendonly" });
  await pc.setLocalDescription(await pc.createOffer());
  const res = await fetch(`${t.url}/whip/${lane}`, {
    method: "POST",
    headers: { "content-type": "application/sdp", authorization: `Bearer ${token}` },
    body: pc.localDescription!.sdp,
  });
  return { pc, res };
}

const videoProducer = (t: TestSfu, lane: string) =>
  t.sfu.rooms.get(lane)?.producers.find((p) => p.kind === "video")?.id;

async function setEpoch(t: TestSfu, lane: string, epoch: number, right = "lane:ingest" as const) {
  return await fetch(`${t.url}/ingest/${lane}/publish-epoch`, {
    method: "PUT",
    headers: {
      authorization: `Bearer ${await t.token(lane, right)}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ epoch }),
  });
}

Deno.test("a WHIP publisher that never connects does not take the lane off the air", async () => {
  const t = await startTestSfu();
  const camera = publishPattern(t, "1");
  const viewer = watchLane(t, "1");
  let rogue: RTCPeerConnection | undefined;
  try {
    await waitFor(() => viewer.frames >= 10, 15_000, "frames from the camera");
    const onAir = videoProducer(t, "1");
    assert.ok(onAir);
    const offer = await whipOffer(t, "1", await t.token("1", "lane:publish"));
    rogue = offer.pc;
    assert.equal(offer.res.status, 201, await offer.res.text());
    // The rogue's answer is never applied: no ICE, no DTLS, no media.
    const before = viewer.frames;
    await waitFor(() => viewer.frames >= before + 30, 15_000, "frames while the rogue waits");
    assert.equal(videoProducer(t, "1"), onAir, "the camera is still the lane's producer");
    assert.equal(camera.publisher.connects, 1, "the camera was never cut off");
    assert.equal(t.sfu.rooms.get("1")?.live, true);
  } finally {
    rogue?.close();
    await viewer.close();
    await camera.stop();
    await t.close();
  }
});

Deno.test("a new camera that sends media takes over from the old one", async () => {
  const t = await startTestSfu();
  const first = publishPattern(t, "1");
  let second: ReturnType<typeof publishPattern> | undefined;
  try {
    await waitFor(() => !!videoProducer(t, "1"), 15_000, "the first camera on the air");
    const old = videoProducer(t, "1");
    second = publishPattern(t, "1");
    await waitFor(
      () => !!videoProducer(t, "1") && videoProducer(t, "1") !== old,
      15_000,
      "the second camera to take over",
    );
    assert.equal(t.sfu.rooms.get("1")?.producers.filter((p) => p.kind === "video").length, 1);
  } finally {
    await second?.stop();
    await first.stop();
    await t.close();
  }
});

Deno.test("ending a lane's publish epoch drops its live publisher and refuses older tokens", async () => {
  const t = await startTestSfu();
  const camera = publishPattern(t, "1");
  try {
    await waitFor(() => !!videoProducer(t, "1"), 15_000, "the camera on the air");
    const res = await setEpoch(t, "1", 1);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { epoch: 1, dropped: 1 });
    assert.equal(videoProducer(t, "1"), undefined, "the publisher is gone at once");

    const { pc, res: refused } = await whipOffer(t, "1", await t.token("1", "lane:publish"));
    pc.close();
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get("content-type"), "application/problem+json");
    assert.equal((await refused.json()).code, "token_revoked");
    const ws = await fetch(`${t.url}/ws/1?token=${await t.token("1", "lane:publish")}`);
    assert.equal((await ws.json()).code, "token_revoked");
    const rtp = await fetch(`${t.url}/ingest/1/rtp`, {
      method: "POST",
      headers: { authorization: `Bearer ${await t.token("1", "lane:publish")}` },
    });
    assert.equal((await rtp.json()).code, "token_revoked");

    const current = await whipOffer(t, "1", await t.token("1", "lane:publish", 60, 1));
    current.pc.close();
    assert.equal(current.res.status, 201, "a token of the new epoch publishes");
    const viewer = await whipOffer(t, "1", await t.token("1", "lane:view"));
    viewer.pc.close();
    assert.equal(viewer.res.status, 403, "view tokens never publish");

    assert.deepEqual(await (await setEpoch(t, "1", 0)).json(), { epoch: 1, dropped: 0 });
  } finally {
    await camera.stop();
    await t.close();
  }
});

Deno.test("only the server's lane:ingest right ends a publish epoch", async () => {
  const t = await startTestSfu();
  try {
    for (const right of ["lane:publish", "lane:view", "lane:subscribe-raw"] as const) {
      const res = await setEpoch(t, "1", 5, right as "lane:ingest");
      assert.equal(res.status, 403, right);
      assert.equal((await res.json()).code, "token_wrong_right");
    }
    const bad = await fetch(`${t.url}/ingest/1/publish-epoch`, {
      method: "PUT",
      headers: {
        authorization: `Bearer ${await t.token("1", "lane:ingest")}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ epoch: -1 }),
    });
    assert.equal(bad.status, 400);
  } finally {
    await t.close();
  }
});
