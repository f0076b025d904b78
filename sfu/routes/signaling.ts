/** WebSocket signaling for mediasoup-client peers: one `SignalingPeer` per socket. */
import type { TrustProxy } from "../../server/auth/client_ip.ts";
import { Hono } from "hono";
import { upgradeWebSocket } from "hono/deno";
import type { VerifyKey } from "../../core/lane_token.ts";
import { DomainError } from "../../core/problem.ts";
import { laneParam, requireLaneToken, viewerOf } from "../auth.ts";
import type { LaneRooms } from "../lane_rooms.ts";
import type { PublishEpochs } from "../publish_epochs.ts";
import { SignalingPeer } from "../signaling/peer.ts";
import type { LanePipes } from "../pipe/lane_pipes.ts";

export interface SignalingRoutesOptions {
  rooms: LaneRooms;
  epochs: PublishEpochs;
  /** Pipes lanes in from their origin host for viewers whose token names one. */
  pipes: LanePipes;
  verifyKey: VerifyKey;
  /** This host's id among several SFU hosts: lane tokens naming another host are refused. */
  hostId?: string;
  /** Read the viewer's address from `X-Forwarded-For` (behind one trusted proxy). */
  trustProxy: TrustProxy;
}

export function signalingRoutes(
  { rooms, epochs, pipes, verifyKey, hostId, trustProxy }: SignalingRoutesOptions,
): Hono {
  const app = new Hono();
  app.get("/ws/:lane", async (c, next) => {
    const lane = laneParam(c);
    const claims = await requireLaneToken(c, verifyKey, lane, [
      "lane:view",
      "lane:subscribe-raw",
      "lane:publish",
    ], hostId);
    epochs.admit(lane, claims);
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new DomainError("upgrade_required", "This endpoint speaks WebSocket");
    }
    const viewer = viewerOf(c, claims, trustProxy);
    const room = await pipes.roomFor(rooms, lane, claims);
    let peer: SignalingPeer | undefined;
    const handler = upgradeWebSocket(() => ({
      onOpen: (_e, ws) => {
        peer = new SignalingPeer(room, claims, (text) => {
          if (ws.readyState === 1) ws.send(text);
        }, (code, reason) => {
          if (ws.readyState <= 1) ws.close(code, reason);
        }, viewer);
        epochs.hold(claims, peer.ctx.link);
      },
      onMessage: (e) => {
        const text = typeof e.data === "string" ? e.data : "";
        peer?.handle(text || "<binary>");
      },
      onClose: () => peer?.close(),
      onError: () => peer?.close(),
    }));
    return await handler(c, next);
  });
  return app;
}
