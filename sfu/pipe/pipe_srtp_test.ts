/**
 * Pipes between hosts carry SRTP: both ends' PipeTransports are created with
 * `enableSrtp` and exchange their keys over the pipe route; an edge whose
 * POST brings no valid keys is refused.
 */
import assert from "node:assert/strict";
import { WhepViewer } from "../../media/whep_viewer.ts";
import { waitFor } from "../../tools/system.ts";
import type { PipeTransport } from "../mediasoup.ts";
import { publishPattern, startTestSfu } from "../testing.ts";

Deno.test({
  name: "a lane piped to an edge host reaches its viewers over SRTP pipe transports on both hosts",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const origin = await startTestSfu();
    const edge = await startTestSfu();
    const camera = publishPattern(origin, "4");
    await waitFor(() => !!origin.sfu.rooms.get("4")?.live, 30_000, "the camera at the origin");
    // The origin's pipe transport belongs to no link: catch it as its router makes it.
    const made: PipeTransport[] = [];
    origin.sfu.rooms.get("4")!.router.observer.on("newtransport", (tr) => {
      if (tr.constructor.name === "PipeTransport") made.push(tr as PipeTransport);
    });
    const viewer = new WhepViewer({
      credentials: async () => ({
        whepUrl: `${edge.url}/whep/4`,
        token: await edge.sign({ lane: "4", right: "lane:view", sub: "v", origin: origin.url }),
      }),
    });
    try {
      await waitFor(() => viewer.frames >= 5, 60_000, "the edge's viewer to decode frames");
      const atEdge = [...edge.sfu.rooms.get("4")!.links.values()]
        .flatMap((l) => [...l.transports.values()])
        .filter((tr) => tr.constructor.name === "PipeTransport") as PipeTransport[];
      // Frames decoded at the edge through SRTP transports: each end decrypts with the other's keys.
      for (const [host, pipes] of [["origin", made], ["edge", atEdge]] as const) {
        assert.equal(pipes.length, 1, `${host}: one pipe transport`);
        const srtp = pipes[0].srtpParameters;
        assert.ok(srtp, `${host}: the pipe transport has SRTP keys`);
        assert.match(srtp.cryptoSuite, /^AES_CM_128_HMAC_SHA1_(80|32)$/);
      }
    } finally {
      await viewer.close();
      await camera.stop();
      await edge.close();
      await origin.close();
    }
  },
});

Deno.test("the origin refuses a pipe whose edge brings no valid SRTP keys (400 bad_pipe)", async () => {
  const origin = await startTestSfu();
  try {
    const bodies = [
      { ip: "127.0.0.1", port: 40000 },
      {
        ip: "127.0.0.1",
        port: 40000,
        srtpParameters: { cryptoSuite: "NULL", keyBase64: "A".repeat(40) },
      },
      {
        ip: "127.0.0.1",
        port: 40000,
        srtpParameters: { cryptoSuite: "AES_CM_128_HMAC_SHA1_80", keyBase64: "short" },
      },
      {
        ip: "127.0.0.1",
        port: 40000,
        srtpParameters: {
          cryptoSuite: "AES_CM_128_HMAC_SHA1_80",
          keyBase64: "A".repeat(40),
          extra: 1,
        },
      },
    ];
    for (const body of bodies) {
      const res = await fetch(`${origin.url}/internal/pipes/4`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.headers.get("content-type") ?? "", /problem\+json/);
      assert.equal((await res.json()).code, "bad_pipe");
    }
    // Valid keys get past the check: the lane has no camera here.
    const ok = await fetch(`${origin.url}/internal/pipes/4`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        ip: "127.0.0.1",
        port: 40000,
        srtpParameters: { cryptoSuite: "AES_CM_128_HMAC_SHA1_80", keyBase64: "A".repeat(40) },
      }),
    });
    assert.equal((await ok.json()).code, "lane_not_live");
  } finally {
    await origin.close();
  }
});
