/**
 * Benchmark hook (only with SFU_BENCH=1): puts N plain-RTP consumers of a
 * lane's video on its worker, all sending to one UDP socket that is never
 * read (the kernel drops what overflows), so the worker does the real work
 * of forwarding to N receivers without N receivers in the benchmark. With
 * `srtp=1` the consumers encrypt (SRTP) as a WebRTC viewer's transport does.
 */
import { Hono } from "hono";
import { DomainError, HttpError } from "../core/problem.ts";
import type { LaneRooms } from "./lane_rooms.ts";
import type { Consumer, PlainTransport } from "./mediasoup.ts";
import { withoutDelayBasedFeedback } from "./sdp_rtp.ts";

/** The sink's own SRTP key: it never decrypts, but the transport needs one to send. */
const SINK_SRTP = {
  cryptoSuite: "AES_CM_128_HMAC_SHA1_80" as const,
  keyBase64: btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(30)))),
};

export function benchRoutes(rooms: LaneRooms): Hono {
  const sink = Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
  const sinkPort = (sink.addr as Deno.NetAddr).port;
  const active: { transport: PlainTransport; consumer: Consumer }[] = [];
  let activeSrtp = false;
  const app = new Hono();

  app.get("/consumers", async (c) => {
    let bytesSent = 0;
    for (const { consumer } of active) {
      for (const s of await consumer.getStats()) {
        if (s.type === "outbound-rtp") bytesSent += s.byteCount;
      }
    }
    return c.json({ consumers: active.length, bytesSent });
  });
  app.put("/consumers", async (c) => {
    const count = Number(c.req.query("count"));
    const srtp = c.req.query("srtp") === "1";
    if (!Number.isInteger(count) || count < 0 || count > 5000) {
      throw new DomainError("bad_request", '"count" must be 0 to 5000');
    }
    const room = rooms.get(c.req.query("lane") ?? "");
    const producer = room?.producers.find((p) => p.kind === "video");
    if (!room || !producer) {
      throw new HttpError(409, "lane_not_live", "The lane has no video producer");
    }
    if (srtp !== activeSrtp) { while (active.length) active.pop()!.transport.close(); }
    activeSrtp = srtp;
    while (active.length > count) active.pop()!.transport.close();
    const before = active.length;
    while (active.length < count) {
      const transport = await room.router.createPlainTransport({
        listenIp: { ip: "127.0.0.1" },
        rtcpMux: true,
        comedia: false,
        // With srtp=1, encrypted as a WebRTC viewer's packets are (the same SRTP work in the worker).
        ...(srtp ? { enableSrtp: true, srtpCryptoSuite: "AES_CM_128_HMAC_SHA1_80" as const } : {}),
      }).catch((err) => {
        throw new DomainError(
          "worker_busy",
          `Could not add consumer ${active.length + 1}: ${err.message || err}`,
        );
      });
      await transport.connect({
        ip: "127.0.0.1",
        port: sinkPort,
        ...(srtp ? { srtpParameters: SINK_SRTP } : {}),
      });
      const consumer = await transport.consume({
        producerId: producer.id,
        // NACK and keyframe requests but no congestion-control feedback, as a plain
        // RTP receiver: with transport-cc each transport's congestion controller keeps
        // every packet sent in a tree pruned only by age when no feedback comes, which
        // took a fifth of the worker's CPU at 400 consumers (perf) and no real viewer has.
        rtpCapabilities: withoutDelayBasedFeedback(room.router.rtpCapabilities),
        paused: false,
      });
      active.push({ transport, consumer });
    }
    // A video consumer forwards nothing until a keyframe. The requests made while
    // the consumers were created coalesce into a few keyframes, and libwebrtc
    // sends none of its own, so the ones created after the last keyframe would
    // stay silent: ask once more now that all exist.
    if (active.length > before) await active.at(-1)!.consumer.requestKeyFrame();
    return c.json({ consumers: active.length });
  });
  return app;
}
