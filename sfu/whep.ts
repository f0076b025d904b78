/**
 * WHEP playback (RFC 9725 shape, receive-only): a viewer's SDP offer becomes
 * consumers of the lane's producers. When the lane's camera goes away the
 * link ends, so a standard WHEP player sees the failure and reconnects. The
 * replay resource (`replay: true`) consumes the lane's replay producer instead.
 */
import { DomainError } from "../core/problem.ts";
import { type LaneRoom, WORKER_DIED } from "./lane_room.ts";
import type { RtpCodecCapability } from "./mediasoup.ts";
import { type AnswerSection, transportForOffer, writeAnswer } from "./sdp_answer.ts";
import type { Offer } from "./sdp_offer.ts";
import { isRtx, viewerRtpCapabilities } from "./sdp_rtp.ts";
import type { MediaLink } from "./media_link.ts";
import { resumeWhenViewerReady } from "./resume.ts";
import type { Viewer } from "./viewer_quota.ts";

const MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";

export async function startWhepLink(
  room: LaneRoom,
  offer: Offer,
  subject: string,
  viewer?: Viewer,
  { replay = false }: { replay?: boolean } = {},
): Promise<{ link: MediaLink; answer: string }> {
  const replayProducer = room.replayProducer;
  if (replay && !replayProducer) {
    throw new DomainError("no_replay_yet", `Lane "${room.laneId}" has played no replay yet`, {
      retryAfter: 5,
    });
  }
  // A lane moved off a dead worker holds the viewer until its camera is back.
  if (!replay && !(await room.untilLive())) {
    throw new DomainError(
      "lane_not_live",
      `Lane "${room.laneId}" has no camera publishing right now`,
      { retryAfter: 2 },
    );
  }
  const link = room.openLink("whep", subject, viewer);
  try {
    const { transport, ourSetup } = await transportForOffer(room, link, offer);
    const sections: AnswerSection[] = [];
    const used = new Set<string>();
    const producers = replayProducer && replay ? [replayProducer] : room.producers;
    for (const media of offer.media) {
      const producer = producers.find((p) => p.kind === media.kind && !used.has(p.id));
      if (!producer || !["recvonly", "sendrecv"].includes(media.direction)) {
        sections.push({ accepted: false });
        continue;
      }
      const caps = viewerRtpCapabilities(media);
      // mediasoup numbers its own MIDs; leave the MID extension out and let the viewer demux by SSRC.
      caps.headerExtensions = caps.headerExtensions?.filter((e) => e.uri !== MID_URI);
      caps.codecs = keepMatchingRtx(caps.codecs ?? [], room.router.rtpCapabilities.codecs ?? []);
      if (!room.router.canConsume({ producerId: producer.id, rtpCapabilities: caps })) {
        sections.push({ accepted: false });
        continue;
      }
      // Paused until the viewer's DTLS is up, so the keyframe asked for on resume reaches it.
      const consumer = await transport.consume({
        producerId: producer.id,
        rtpCapabilities: caps,
        paused: true,
      });
      link.addConsumer(consumer);
      used.add(producer.id);
      consumer.observer.on("close", () => {
        if (link.consumers.size > 0) return;
        const gone = replay ? "replay producer went away" : "camera went away";
        link.close(room.worker.closed ? WORKER_DIED : gone);
      });
      sections.push({
        accepted: true,
        direction: "sendonly",
        rtpParameters: consumer.rtpParameters,
        streamId: `lane-${room.laneId}`,
        trackId: consumer.id,
      });
    }
    if (!sections.some((s) => s.accepted)) {
      throw new DomainError(
        "no_usable_media",
        "The offer receives no media the lane sends (it needs a recvonly video section with VP8 or H.264)",
      );
    }
    resumeWhenViewerReady(transport, link.consumers.values(), (id) => room.lastKeyFrameAt(id))
      .catch(() => {});
    return { link, answer: writeAnswer(offer, transport, sections, ourSetup) };
  } catch (err) {
    link.close("setup failed");
    throw err;
  }
}

/**
 * mediasoup sends RTX with the router's payload type. Keep the viewer's RTX
 * only where its number is the router's; without it, retransmissions go out
 * on the primary stream, which every receiver understands.
 */
function keepMatchingRtx(
  offered: RtpCodecCapability[],
  router: RtpCodecCapability[],
): RtpCodecCapability[] {
  const routerRtx = new Set(
    router.filter((c) => isRtx(c.mimeType)).map((c) =>
      `${c.preferredPayloadType}/${c.parameters?.apt}`
    ),
  );
  return offered.filter((c) =>
    !isRtx(c.mimeType) ||
    routerRtx.has(`${c.preferredPayloadType}/${c.parameters?.apt}`)
  );
}
