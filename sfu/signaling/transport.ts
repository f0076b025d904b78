import { z } from "zod";
import { DomainError } from "../../core/problem.ts";
import type { WebRtcTransport } from "../mediasoup.ts";
import { parseData } from "../http_util.ts";
import type { Handler, PeerContext } from "./peer.ts";

const MAX_TRANSPORTS = 4;

export const createTransport: Handler = async (ctx, data) => {
  const { direction } = parseData(z.object({ direction: z.enum(["send", "recv"]) }), data);
  if (direction === "send" && ctx.claims.right !== "lane:publish") {
    throw new DomainError("token_wrong_right", 'Sending media needs a "lane:publish" token');
  }
  if (ctx.link.transports.size >= MAX_TRANSPORTS) {
    throw new DomainError(
      "too_many_transports",
      `A peer may have at most ${MAX_TRANSPORTS} transports`,
    );
  }
  const t = await ctx.room.createWebRtcTransport(ctx.link, { direction });
  return {
    id: t.id,
    iceParameters: t.iceParameters,
    iceCandidates: t.iceCandidates,
    dtlsParameters: t.dtlsParameters,
  };
};

const DtlsParameters = z.object({
  role: z.enum(["auto", "client", "server"]).optional(),
  fingerprints: z.array(z.object({
    algorithm: z.enum(["sha-1", "sha-224", "sha-256", "sha-384", "sha-512"]),
    value: z.string().regex(/^([0-9A-Fa-f]{2}:)+[0-9A-Fa-f]{2}$/),
  })).min(1).max(4),
});

export const connectTransport: Handler = async (ctx, data) => {
  const { transportId, dtlsParameters } = parseData(
    z.object({ transportId: z.string(), dtlsParameters: DtlsParameters }),
    data,
  );
  await findTransport(ctx, transportId).connect({ dtlsParameters });
  return {};
};

export function findTransport(ctx: PeerContext, id: string): WebRtcTransport {
  const t = ctx.link.transports.get(id);
  if (!t) throw new DomainError("unknown_transport", `Cannot find transport "${id}"`);
  return t as WebRtcTransport;
}
