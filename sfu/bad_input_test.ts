import assert from "node:assert/strict";
import { waitFor } from "../tools/system.ts";
import { publishPattern, startTestSfu, watchLane } from "./testing.ts";

const VALID_OFFER_HEAD = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

async function expectProblem(res: Response, status: number, detail: RegExp) {
  assert.equal(res.status, status, `status of ${res.url}`);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  const body = await res.json();
  assert.equal(body.status, status);
  assert.match(body.detail, detail);
}

Deno.test("the SFU answers bad WHIP/WHEP input with a clear 4xx and the lane keeps running", async () => {
  const t = await startTestSfu();
  const pub = publishPattern(t, "1");
  const viewer = watchLane(t, "1");
  try {
    await waitFor(() => viewer.frames > 10, 15_000, "the lane to play");
    const publish = await t.token("1", "lane:publish");
    const post = (path: string, body: BodyInit, headers: Record<string, string>) =>
      fetch(`${t.url}${path}`, { method: "POST", body, headers });
    const sdp = { "content-type": "application/sdp", authorization: `Bearer ${publish}` };

    await expectProblem(await post("/whip/1", "hello", sdp), 400, /not an SDP offer/);
    await expectProblem(await post("/whip/1", VALID_OFFER_HEAD, sdp), 400, /no media sections/);
    await expectProblem(
      await post(
        "/whip/1",
        VALID_OFFER_HEAD + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n",
        sdp,
      ),
      400,
      /ICE credentials/,
    );
    await expectProblem(
      await post(
        "/whip/1",
        VALID_OFFER_HEAD +
          "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuv\r\na=rtpmap:96 VP8/90000\r\n",
        sdp,
      ),
      400,
      /fingerprint/,
    );
    await expectProblem(
      await post("/whip/1", "v=0", { ...sdp, "content-type": "application/json" }),
      415,
      /application\/sdp/,
    );
    await expectProblem(
      await post("/whip/1", "v=0\r\n" + "a=x\r\n".repeat(20_000), sdp),
      413,
      /limited to/,
    );
    await expectProblem(
      await post("/whip/1", "v=0", { "content-type": "application/sdp" }),
      401,
      /token is required/,
    );
    await expectProblem(
      await post("/whip/1", "v=0", { ...sdp, authorization: "Bearer nonsense" }),
      401,
      /not valid/,
    );
    await expectProblem(
      await post("/whip/1", "v=0", { ...sdp, authorization: "Basic abc" }),
      401,
      /Bearer/,
    );
    const expired = await t.token("1", "lane:publish", -10);
    await expectProblem(
      await post("/whip/1", "v=0", { ...sdp, authorization: `Bearer ${expired}` }),
      401,
      /expired/,
    );
    const otherLane = await t.token("2", "lane:publish");
    await expectProblem(
      await post("/whip/1", "v=0", { ...sdp, authorization: `Bearer ${otherLane}` }),
      403,
      /lane "2"/,
    );
    const viewOnly = await t.token("1", "lane:view");
    await expectProblem(
      await post("/whip/1", "v=0", { ...sdp, authorization: `Bearer ${viewOnly}` }),
      403,
      /lane:publish/,
    );
    await expectProblem(await post("/whip/no%20such", "v=0", sdp), 404, /Cannot find lane/);
    await expectProblem(
      await fetch(`${t.url}/whip/1/does-not-exist`, { method: "DELETE", headers: sdp }),
      404,
      /Cannot find media link/,
    );
    await expectProblem(await fetch(`${t.url}/nothing-here`), 404, /Cannot find/);
    // WebSocket signaling checks the token before upgrading.
    await expectProblem(await fetch(`${t.url}/ws/1`), 401, /token is required/);

    // After all that, the lane still plays.
    const before = viewer.frames;
    await waitFor(() => viewer.frames > before + 15, 10_000, "frames to keep flowing");
    assert.equal(pub.publisher.connects, 1, "the publisher never had to reconnect");
  } finally {
    await viewer.close();
    await pub.stop();
    await t.close();
  }
});

Deno.test("bad signaling messages get error responses and the socket stays usable", async () => {
  const t = await startTestSfu();
  const ws = new WebSocket(
    `${t.url.replace("http", "ws")}/ws/1?token=${await t.token("1", "lane:view")}`,
  );
  const replies: Record<string, unknown>[] = [];
  ws.onmessage = (e) => replies.push(JSON.parse(e.data));
  await new Promise((r) => (ws.onopen = r));
  try {
    ws.send("not json");
    ws.send(JSON.stringify({ id: 2, method: "launchMissiles", data: {} }));
    ws.send(JSON.stringify({ id: 3, method: "createTransport", data: { direction: "send" } }));
    ws.send(
      JSON.stringify({
        id: 4,
        method: "connectTransport",
        data: { transportId: "x", dtlsParameters: { fingerprints: [] } },
      }),
    );
    ws.send(JSON.stringify({ id: 5, method: "resumeConsumer", data: { consumerId: "nope" } }));
    ws.send(JSON.stringify({ id: 6, method: "getRouterRtpCapabilities", data: {} }));
    await waitFor(() => replies.length >= 6, 5000, "six replies");
    const byId = (id: number) =>
      replies.find((r) => r.id === id) as {
        ok: boolean;
        error?: { status: number; detail: string };
      };
    assert.equal(replies[0].ok, false);
    assert.match((replies[0].error as { detail: string }).detail, /not valid JSON/);
    assert.equal(byId(2).error?.status, 400);
    assert.equal(byId(3).error?.status, 403, "a viewer token cannot send");
    assert.equal(byId(4).error?.status, 400);
    assert.equal(byId(5).error?.status, 404);
    assert.equal(byId(6).ok, true);
  } finally {
    ws.close();
    await new Promise((r) => setTimeout(r, 100));
    await t.close();
  }
});
