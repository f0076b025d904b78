/**
 * WHIP ingest and WHEP playback over HTTP (`/whep/{lane}` the live picture,
 * `/whep/{lane}/replay` the lane's instant replays): an SDP offer in, an answer and the
 * link's `Location` out; DELETE on that location ends the link, GET on its
 * `/events` follows it (sfu/link_events.ts).
 */
import type { TrustProxy } from "../../server/auth/client_ip.ts";
import { Hono } from "hono";
import type { VerifyKey } from "../../core/lane_token.ts";
import { DomainError } from "../../core/problem.ts";
import { laneParam, requireLaneToken, viewerOf } from "../auth.ts";
import { readSdpBody, sdpBodyLimit } from "../http_util.ts";
import type { LaneRooms } from "../lane_rooms.ts";
import type { PublishEpochs } from "../publish_epochs.ts";
import { linkEventsLink, linkEventsResponse } from "../link_events.ts";
import { parseOffer } from "../sdp_offer.ts";
import { startWhepLink } from "../whep.ts";
import { startWhipLink } from "../whip.ts";
import type { HttpLinks } from "./http_links.ts";
import type { LanePipes } from "../pipe/lane_pipes.ts";

export interface WhipWhepRoutesOptions {
  rooms: LaneRooms;
  links: HttpLinks;
  epochs: PublishEpochs;
  /** Pipes lanes in from their origin host for viewers whose token names one. */
  pipes: LanePipes;
  verifyKey: VerifyKey;
  /** This host's id among several SFU hosts: lane tokens naming another host are refused. */
  hostId?: string;
  /** Read the viewer's address from `X-Forwarded-For` (behind one trusted proxy). */
  trustProxy: TrustProxy;
}

export function whipWhepRoutes(
  { rooms, links, epochs, pipes, verifyKey, hostId, trustProxy }: WhipWhepRoutesOptions,
): Hono {
  const app = new Hono();
  for (const kind of ["whip", "whep"] as const) {
    const right = kind === "whip" ? "lane:publish" : (["lane:view", "lane:subscribe-raw"] as const);
    const paths = kind === "whep" ? [`/whep/:lane`, `/whep/:lane/replay`] : [`/whip/:lane`];
    for (const path of paths) {
      const replay = path.endsWith("/replay");
      app.options(path, (c) => {
        c.header("Accept-Post", "application/sdp");
        return c.body(null, 204);
      });
      app.post(path, sdpBodyLimit, async (c) => {
        const lane = laneParam(c);
        const claims = await requireLaneToken(c, verifyKey, lane, right, hostId);
        epochs.admit(lane, claims);
        const offer = parseOffer(await readSdpBody(c));
        const room = replay ? rooms.get(lane) : await pipes.roomFor(rooms, lane, claims);
        if (!room) {
          throw new DomainError("no_replay_yet", `Lane "${lane}" has played no replay yet`, {
            retryAfter: 5,
          });
        }
        const { link, answer } = kind === "whip"
          ? await startWhipLink(room, offer, claims.sub)
          : await startWhepLink(room, offer, claims.sub, viewerOf(c, claims, trustProxy), {
            replay,
          });
        links.track(link);
        epochs.hold(claims, link);
        const location = `/${kind}/${lane}/${link.id}`;
        c.header("Location", location);
        c.header("Link", linkEventsLink(location));
        c.header("ETag", `"${link.id}"`);
        c.header("Content-Type", "application/sdp");
        return c.body(answer, 201);
      });
    }
    app.delete(`/${kind}/:lane/:link`, async (c) => {
      const lane = laneParam(c);
      await requireLaneToken(c, verifyKey, lane, right, hostId);
      // The token must be for this lane and this kind: a viewer cannot end the camera's link.
      links.find(lane, kind, c.req.param("link")).close("ended by the client");
      return c.body(null, 200);
    });
    app.get(`/${kind}/:lane/:link/events`, async (c) => {
      const lane = laneParam(c);
      await requireLaneToken(c, verifyKey, lane, right, hostId);
      return linkEventsResponse(links.find(lane, kind, c.req.param("link")));
    });
    app.patch(`/${kind}/:lane/:link`, (c) => {
      // ICE-lite with every candidate in the answer: trickle and ICE restarts are not needed.
      c.header("Allow", "DELETE");
      throw new DomainError(
        "method_not_allowed",
        "This server does not support trickle ICE or ICE restarts; post a new offer",
      );
    });
  }
  return app;
}
