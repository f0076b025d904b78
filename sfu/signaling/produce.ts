import { z } from "zod";
import { DomainError } from "../../core/problem.ts";
import type { RtpParameters } from "../mediasoup.ts";
import { parseData } from "../http_util.ts";
import type { Handler } from "./peer.ts";
import { findTransport } from "./transport.ts";

const ProduceData = z.object({
  transportId: z.string(),
  kind: z.enum(["audio", "video"]),
  rtpParameters: z.object({
    codecs: z.array(z.unknown()).min(1),
    encodings: z.array(z.unknown()).optional(),
  }).passthrough(),
});

export const produce: Handler = async (ctx, data) => {
  if (ctx.claims.right !== "lane:publish") {
    throw new DomainError("token_wrong_right", 'Publishing needs a "lane:publish" token');
  }
  const { transportId, kind, rtpParameters } = parseData(ProduceData, data);
  const transport = findTransport(ctx, transportId);
  if (transport.appData.direction !== "send") {
    throw new DomainError("bad_request", "Produce on a send transport");
  }
  let producer;
  try {
    producer = await transport.produce({
      kind,
      rtpParameters: rtpParameters as unknown as RtpParameters,
    });
  } catch (err) {
    throw new DomainError(
      "bad_rtp_parameters",
      `The RTP parameters are not acceptable: ${(err as Error).message}`,
    );
  }
  ctx.room.addProducer(ctx.link, producer);
  return { id: producer.id };
};

export const closeProducer: Handler = async (ctx, data) => {
  const { producerId } = parseData(z.object({ producerId: z.string() }), data);
  const producer = ctx.link.producers.get(producerId);
  if (!producer) throw new DomainError("unknown_producer", `Cannot find producer "${producerId}"`);
  producer.close();
  return await Promise.resolve({});
};
