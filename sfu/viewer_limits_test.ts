import assert from "node:assert/strict";
import { SignalingClient, SignalingError } from "../media/signaling_client.ts";
import { RTCPeerConnection } from "../media/wrtc.ts";
import { waitFor } from "../tools/system.ts";
import { publishPattern, startTestSfu, type TestSfu, watchLane } from "./testing.ts";

/** A WHEP viewer's offer from a peer that is closed at once: it will never do ICE or DTLS. */
async function halfOpenOffer(): Promise<string> {
  const pc = new RTCPeerConnection();
  pc.addTransceiver("video", { direction: "recvonly" });
  const offer = await pc.createOffer();
  pc.close();
  return offer.sdp!;
}

/** Posts a half-open WHEP offer for lane 1 as `address` (the SFU trusts X-Forwarded-For here). */
async function postHalfOpen(t: TestSfu, token: string, address: string) {
  const res = await fetch(`${t.url}/whep/1`, {
    method: "POST",
    headers: {
      "content-type": "application/sdp",
      authorization: `Bearer ${token}`,
      "x-forwarded-for": address,
    },
    body: await halfOpenOffer(),
  });
  const body = res.status === 201 ? undefined : await res.json();
  if (res.status === 201) await res.body?.cancel();
  return { status: res.status, code: body?.code, retryAfter: res.headers.get("retry-after") };
}

/** One sample from `/metrics`, e.g. `lanecast_sfu_transports{lane="1"}`. */
async function metric(t: TestSfu, sample: string): Promise<number> {
  const metrics = await (await fetch(`${t.url}/metrics`)).text();
  const line = metrics.split("\n").find((l) => l.startsWith(`${sample} `));
  return Number(line?.slice(sample.length + 1) ?? 0);
}

/** WebRTC transports open on lane 1. */
const laneTransports = (t: TestSfu) => metric(t, 'lanecast_sfu_transports{lane="1"}');

async function createTransports(client: SignalingClient, n: number) {
  const answers = await Promise.allSettled(
    Array.from({ length: n }, () => client.request("createTransport", { direction: "recv" })),
  );
  return answers.map((a) =>
    a.status === "fulfilled" ? "ok" : (a.reason as SignalingError).title ?? String(a.reason)
  );
}

Deno.test("a flood of half-open viewers is capped and cleaned up, and a real viewer still gets frames", async () => {
  const t = await startTestSfu({
    SFU_CONNECT_TIMEOUT_MS: "1500",
    SFU_MAX_VIEWERS_PER_TOKEN: "2",
    SFU_MAX_VIEWERS_PER_ADDRESS: "4",
    SFU_MAX_VIEWERS_PER_LANE: "10",
    SFU_TRUST_PROXY: "true",
  });
  const pub = publishPattern(t, "1");
  let socket: SignalingClient | undefined;
  let viewer: ReturnType<typeof watchLane> | undefined;
  try {
    await waitFor(() => !!t.sfu.rooms.get("1")?.live, 15_000, "the camera to go live");
    const baseline = await laneTransports(t);
    assert.equal(baseline, 1, "the camera's transport");

    // One token: two viewers, then 429.
    const a1 = await t.token("1", "lane:view");
    assert.deepEqual(
      [
        (await postHalfOpen(t, a1, "203.0.113.1")).status,
        (await postHalfOpen(t, a1, "203.0.113.1")).status,
      ],
      [201, 201],
    );
    const perToken = await postHalfOpen(t, a1, "203.0.113.1");
    assert.equal(perToken.status, 429);
    assert.equal(perToken.code, "too_many_viewers");
    assert.ok(Number(perToken.retryAfter) > 0, "Retry-After");

    // One address: four viewers whatever the tokens, then 429.
    const a2 = await t.token("1", "lane:view");
    assert.equal((await postHalfOpen(t, a2, "203.0.113.1")).status, 201);
    assert.equal((await postHalfOpen(t, a2, "203.0.113.1")).status, 201);
    const perAddress = await postHalfOpen(t, await t.token("1", "lane:view"), "203.0.113.1");
    assert.equal(perAddress.status, 429);
    assert.equal(perAddress.code, "too_many_viewers");

    // Signaling transports count too, and are capped per token even when asked for at once.
    socket = await SignalingClient.open(
      `${t.url.replace("http", "ws")}/ws/1?token=${await t.token("1", "lane:view")}`,
    );
    let socketClosed = false;
    socket.onClose = () => (socketClosed = true);
    assert.deepEqual(await createTransports(socket, 3), ["ok", "ok", "too_many_viewers"]);

    // The lane: ten viewer transports in all, then 503 for anyone.
    for (const address of ["198.51.100.1", "198.51.100.2"]) {
      const token = await t.token("1", "lane:view");
      assert.equal((await postHalfOpen(t, token, address)).status, 201);
      assert.equal((await postHalfOpen(t, token, address)).status, 201);
    }
    const full = await postHalfOpen(t, await t.token("1", "lane:view"), "198.51.100.3");
    assert.equal(full.status, 503);
    assert.equal(full.code, "lane_full");
    assert.equal(await laneTransports(t), baseline + 10);
    assert.equal(await metric(t, 'lanecast_sfu_viewer_transports{lane="1"}'), 10);
    assert.equal(await metric(t, "lanecast_sfu_viewers_refused_total"), 4);

    // None of them ever connects: every transport goes, the socket is closed, the slots come back.
    await waitFor(
      async () => await laneTransports(t) === baseline,
      20_000,
      "the transports to close",
    );
    await waitFor(() => socketClosed, 5_000, "the half-open signaling peer to be closed");
    assert.equal(t.sfu.rooms.get("1")?.live, true, "the camera stays");
    assert.equal(await metric(t, 'lanecast_sfu_viewer_transports{lane="1"}'), 0);

    viewer = watchLane(t, "1");
    await waitFor(() => viewer!.frames >= 20, 15_000, "frames at a real viewer");
    // A connected viewer outlives the connect timeout.
    await new Promise((r) => setTimeout(r, 2_000));
    const frames = viewer.frames;
    await waitFor(() => viewer!.frames > frames + 10, 10_000, "frames still arriving");
    assert.equal(viewer.connects, 1, "the real viewer was never cut off");
  } finally {
    socket?.close();
    await viewer?.close();
    await pub.stop();
    await t.close();
  }
});

Deno.test("one socket's signaling requests are handled one at a time, so its transport cap holds", async () => {
  const t = await startTestSfu();
  // The sidecar's right: not counted as a viewer, so only the per-socket cap applies.
  const socket = await SignalingClient.open(
    `${t.url.replace("http", "ws")}/ws/1?token=${await t.token("1", "lane:subscribe-raw")}`,
  );
  try {
    const answers = await createTransports(socket, 8);
    assert.deepEqual(answers.filter((a) => a === "ok").length, 4, answers.join(", "));
    assert.deepEqual(answers.slice(4), Array(4).fill("too_many_transports"));
  } finally {
    socket.close();
    await t.close();
  }
});
