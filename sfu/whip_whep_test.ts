import assert from "node:assert/strict";
import { LaneSubscriber } from "../media/lane_subscriber.ts";
import { waitFor } from "../tools/system.ts";
import { publishPattern, startTestSfu, watchLane } from "./testing.ts";

Deno.test("a WHIP publish from a plain RTCPeerConnection is watched over WHEP by another plain peer", async () => {
  const t = await startTestSfu();
  const pub = publishPattern(t, "1");
  const viewer = watchLane(t, "1");
  try {
    await waitFor(() => viewer.frames >= 30, 15_000, "30 frames over WHEP");
    const before = viewer.frames;
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(viewer.frames > before, "frames keep arriving");
    const lanes = await (await fetch(`${t.url}/lanes`)).json();
    assert.equal(lanes[0].id, "1");
    assert.equal(lanes[0].live, true);
  } finally {
    await viewer.close();
    await pub.stop();
    await t.close();
  }
});

Deno.test("a mediasoup-client subscriber over WebSocket signaling gets the lane's frames", async () => {
  const t = await startTestSfu();
  const pub = publishPattern(t, "2");
  let size = "";
  const sub = new LaneSubscriber({
    signalingUrl: async () =>
      `${t.url.replace("http", "ws")}/ws/2?token=${await t.token("2", "lane:subscribe-raw")}`,
    onFrame: (f) => (size = `${f.width}x${f.height}`),
  });
  try {
    await waitFor(() => sub.frames >= 30, 15_000, "30 frames over WebSocket signaling");
    assert.equal(size, "320x240");
  } finally {
    await sub.close();
    await pub.stop();
    await t.close();
  }
});

Deno.test("a subscriber that joins before the camera starts gets frames once it does", async () => {
  const t = await startTestSfu();
  const sub = new LaneSubscriber({
    signalingUrl: async () =>
      `${t.url.replace("http", "ws")}/ws/3?token=${await t.token("3", "lane:view")}`,
  });
  await new Promise((r) => setTimeout(r, 500));
  const pub = publishPattern(t, "3");
  try {
    await waitFor(() => sub.frames >= 10, 15_000, "frames after the camera started");
  } finally {
    await sub.close();
    await pub.stop();
    await t.close();
  }
});
