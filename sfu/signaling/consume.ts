import { z } from "zod";
import { DomainError } from "../../core/problem.ts";
import type { RtpCapabilities, WebRtcTransport } from "../mediasoup.ts";
import { resumeWhenViewerReady } from "../resume.ts";
import { parseData } from "../http_util.ts";
import type { Handler } from "./peer.ts";
import { findTransport } from "./transport.ts";

const ConsumeData = z.object({
  transportId: z.string(),
  rtpCapabilities: z.object({
    codecs: z.array(z.unknown()).optional(),
    headerExtensions: z.array(z.unknown()).optional(),
  })
    .passthrough(),
  /** Consume the lane's replay producer instead of its cameras. */
  replay: z.boolean().default(false),
});

/**
 * Consumes every producer of the lane this transport does not consume yet
 * (with `replay`, the lane's replay producer instead); consumers start paused.
 */
export const consume: Handler = async (ctx, data) => {
  const { transportId, rtpCapabilities, replay } = parseData(ConsumeData, data);
  const transport = findTransport(ctx, transportId);
  if (transport.appData.direction !== "recv") {
    throw new DomainError("bad_request", "Consume on a recv transport");
  }
  const caps = rtpCapabilities as unknown as RtpCapabilities;
  const already = new Set(
    [...ctx.link.consumers.values()].filter((c) => !c.closed).map((c) => c.producerId),
  );
  const consumers = [];
  const replayProducer = ctx.room.replayProducer;
  const producers = replay ? (replayProducer ? [replayProducer] : []) : ctx.room.producers;
  for (const producer of producers) {
    if (already.has(producer.id) || ctx.link.producers.has(producer.id)) continue;
    let ok = false;
    try {
      ok = ctx.room.router.canConsume({ producerId: producer.id, rtpCapabilities: caps });
    } catch {
      throw new DomainError("bad_rtp_capabilities", "The RTP capabilities are malformed");
    }
    if (!ok) continue;
    const consumer = await transport.consume({
      producerId: producer.id,
      rtpCapabilities: caps,
      paused: true,
      appData: { transportId: transport.id },
    });
    ctx.link.addConsumer(consumer);
    consumers.push({
      id: consumer.id,
      producerId: producer.id,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
    });
  }
  return { consumers };
};

export const resumeConsumer: Handler = async (ctx, data) => {
  const { consumerId } = parseData(z.object({ consumerId: z.string() }), data);
  const consumer = ctx.link.consumers.get(consumerId);
  if (!consumer) throw new DomainError("unknown_consumer", `Cannot find consumer "${consumerId}"`);
  const transport = [...ctx.link.transports.values()].find((t) =>
    t.id === (consumer.appData.transportId as string)
  );
  // Resuming asks the publisher for a keyframe, so a new viewer need not wait for a periodic one.
  if (transport) {
    await resumeWhenViewerReady(
      transport as WebRtcTransport,
      [consumer],
      (id) => ctx.room.lastKeyFrameAt(id),
    );
  } else await consumer.resume();
  return {};
};
