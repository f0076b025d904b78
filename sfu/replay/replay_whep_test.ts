import assert from "node:assert/strict";
import { WhepViewer } from "../../media/whep_viewer.ts";
import { iceGatheringComplete, RTCPeerConnection } from "../../media/wrtc.ts";
import { readStamp } from "../../sim/stamp.ts";
import { waitFor } from "../../tools/system.ts";
import { startTestSfu, type TestSfu, watchLane } from "../testing.ts";
import { publishStamped, untilBuffered } from "./testing.ts";

/** POSTs a recvonly video offer to `path` and returns the SFU's answer response. */
async function offerTo(t: TestSfu, path: string, token: string): Promise<Response> {
  const pc = new RTCPeerConnection();
  try {
    pc.addTransceiver("video", { direction: "recvonly" });
    await pc.setLocalDescription(await pc.createOffer());
    await iceGatheringComplete(pc);
    return await fetch(`${t.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/sdp", authorization: `Bearer ${token}` },
      body: pc.localDescription!.sdp,
    });
  } finally {
    pc.close();
  }
}

function playReplay(t: TestSfu, lane: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${t.url}/lanes/${lane}/replays`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

Deno.test("a WHEP viewer of /whep/{lane}/replay gets 503 until a replay has played, then the replay's frames while live viewers stay live", async () => {
  const t = await startTestSfu();
  const cam = publishStamped(t, "1");
  const replayStamps: number[] = [];
  const liveLag: number[] = [];
  let replayViewer: WhepViewer | undefined;
  const liveViewer = watchLane(t, "1", (f) => {
    const stamp = readStamp(f.data, f.width, f.height);
    if (stamp !== null) liveLag.push(Date.now() - stamp);
  });
  try {
    await untilBuffered(t, "1", 4000);
    const token = await t.token("1", "lane:view");
    const early = await offerTo(t, "/whep/1/replay", token);
    assert.equal(early.status, 503);
    assert.equal(early.headers.get("content-type"), "application/problem+json");
    assert.ok(Number(early.headers.get("retry-after")) > 0);
    assert.equal((await early.json()).code, "no_replay_yet");

    const held = (await t.sfu.replays.get("1")).ring.window();
    const window = { fromMs: held.toMs! - 3000, toMs: held.toMs! - 1000 };
    const first = await playReplay(t, "1", { shotId: "shot-1", ...window });
    assert.equal(first.status, 202);
    const played = await first.json();
    assert.equal(typeof played.replayId, "string");
    assert.ok(played.fromMs <= window.fromMs && played.toMs === window.toMs);

    replayViewer = new WhepViewer({
      credentials: async () => ({
        whepUrl: `${t.url}/whep/1/replay`,
        token: await t.token("1", "lane:view"),
      }),
      stallMs: 60_000,
      onFrame: (f) => {
        const stamp = readStamp(f.data, f.width, f.height);
        if (stamp !== null) replayStamps.push(stamp);
      },
    });
    const player = (await t.sfu.replays.get("1")).player;
    liveLag.length = 0;
    await waitFor(
      async () => {
        // Replay the window again whenever it has finished, until the viewer has seen enough of it.
        if (!player.playing) {
          await (await playReplay(t, "1", { shotId: "shot-1", ...window })).body?.cancel();
        }
        return replayStamps.length >= 20;
      },
      30_000,
      "20 replay frames at the replay viewer",
    );
    for (const stamp of replayStamps) {
      assert.ok(
        stamp >= played.fromMs - 5 && stamp <= window.toMs + 5,
        `replay frame stamped ${stamp} is in the window ${played.fromMs}..${window.toMs}`,
      );
    }
    assert.ok(liveLag.length > 10, "the live viewer kept getting frames");
    assert.ok(liveLag.every((lag) => lag < 1000), "the live viewer saw live frames only");
  } finally {
    await replayViewer?.close();
    await liveViewer.close();
    await cam.stop();
    await t.close();
  }
});

Deno.test("a mediasoup-client peer is told of each replay and can consume the replay producer", async () => {
  const t = await startTestSfu();
  const cam = publishStamped(t, "2");
  const ws = new WebSocket(
    `${t.url.replace("http", "ws")}/ws/2?token=${await t.token("2", "lane:view")}`,
  );
  const notices: { notification: string; data: Record<string, unknown> }[] = [];
  const replies = new Map<number, (data: Record<string, unknown>) => void>();
  ws.onmessage = (e) => {
    const msg = JSON.parse(e.data);
    if (msg.notification) notices.push(msg);
    else replies.get(msg.id)?.(msg.ok ? msg.data : msg.error);
  };
  let id = 0;
  const request = (method: string, data: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve) => {
      replies.set(++id, resolve);
      ws.send(JSON.stringify({ id, method, data }));
    });
  try {
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = reject;
    });
    await untilBuffered(t, "2", 3000);
    const held = (await t.sfu.replays.get("2")).ring.window();
    const res = await playReplay(t, "2", {
      shotId: "shot-9",
      fromMs: held.toMs! - 2000,
      toMs: held.toMs! - 500,
      speed: 0.5,
    });
    assert.equal(res.status, 202);
    const { replayId } = await res.json();
    await waitFor(
      () => notices.some((n) => n.notification === "replay"),
      5000,
      "the replay notice",
    );
    const notice = notices.find((n) => n.notification === "replay")!.data;
    assert.equal(notice.replayId, replayId);
    assert.equal(notice.shotId, "shot-9");
    assert.equal(notice.speed, 0.5);
    assert.equal(notice.producerId, t.sfu.rooms.get("2")!.replayProducer!.id);
    assert.equal(
      notice.durationMs,
      Math.round(((notice.toMs as number) - (notice.fromMs as number)) / 0.5),
    );
    const rtpCapabilities = await request("getRouterRtpCapabilities");
    const transport = await request("createTransport", { direction: "recv" });
    const live = await request("consume", { transportId: transport.id, rtpCapabilities });
    const replay = await request("consume", {
      transportId: transport.id,
      rtpCapabilities,
      replay: true,
    });
    const producerIds = (r: Record<string, unknown>) =>
      (r.consumers as { producerId: string }[]).map((c) => c.producerId);
    assert.deepEqual(
      producerIds(replay),
      [notice.producerId],
      "replay: true consumes the replay producer",
    );
    assert.ok(
      !producerIds(live).includes(notice.producerId as string),
      "a plain consume takes the camera only",
    );
  } finally {
    ws.close();
    await cam.stop();
    await t.close();
  }
});

Deno.test("a replay of a window the buffer no longer holds is 409 replay_window_gone; of an unknown lane 404", async () => {
  const t = await startTestSfu({ REPLAY_BUFFER_S: "2" });
  const cam = publishStamped(t, "3");
  try {
    await untilBuffered(t, "3", 1500);
    const held = (await t.sfu.replays.get("3")).ring.window();
    const gone = await playReplay(t, "3", {
      shotId: "s",
      fromMs: held.fromMs! - 5000,
      toMs: held.fromMs! - 1000,
    });
    assert.equal(gone.status, 409);
    assert.equal((await gone.json()).code, "replay_window_gone");
    const unknown = await playReplay(t, "8", { shotId: "s", fromMs: 1, toMs: 2 });
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).code, "unknown_lane");
    const tooLong = await playReplay(t, "3", { shotId: "s", fromMs: 1, toMs: 40_000 });
    assert.equal(tooLong.status, 400);
    assert.equal((await tooLong.json()).code, "clip_too_long");
    const badSpeed = await playReplay(t, "3", {
      shotId: "s",
      fromMs: held.fromMs,
      toMs: held.toMs,
      speed: 2,
    });
    assert.equal(badSpeed.status, 400);
    await badSpeed.body?.cancel();
  } finally {
    await cam.stop();
    await t.close();
  }
});

Deno.test("what the buffer holds can still be replayed after the camera left (until the lane closes)", async () => {
  const t = await startTestSfu();
  const cam = publishStamped(t, "4");
  try {
    await untilBuffered(t, "4", 2500);
    await cam.stop();
    await waitFor(() => t.sfu.rooms.get("4")?.live === false, 10_000, "the camera gone");
    const held = (await t.sfu.replays.get("4")).ring.window();
    const res = await playReplay(t, "4", {
      shotId: "s",
      fromMs: held.toMs! - 2000,
      toMs: held.toMs! - 500,
    });
    assert.equal(res.status, 202);
    await res.body?.cancel();
  } finally {
    await cam.stop();
    await t.close();
  }
});
