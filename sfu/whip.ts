/**
 * WHIP ingest (RFC 9725): a publisher's SDP offer becomes producers on the
 * lane, and the answer goes back. Any standard WebRTC peer can publish: OBS,
 * a browser, the simulator's plain RTCPeerConnection.
 */
import { DomainError } from "../core/problem.ts";
import type { LaneRoom } from "./lane_room.ts";
import type { MediaKind } from "./mediasoup.ts";
import { type AnswerSection, transportForOffer, writeAnswer } from "./sdp_answer.ts";
import { type Offer, SdpError } from "./sdp_offer.ts";
import { candidateCodecs, producerRtpParameters } from "./sdp_rtp.ts";
import type { MediaLink } from "./media_link.ts";

export async function startWhipLink(
  room: LaneRoom,
  offer: Offer,
  subject: string,
): Promise<{ link: MediaLink; answer: string }> {
  const link = room.openLink("whip", subject);
  try {
    const { transport, ourSetup } = await transportForOffer(room, link, offer);
    const caps = room.router.rtpCapabilities;
    const { congestionControl, startKbps } = room.options.ingest;
    const sections: AnswerSection[] = [];
    let lastError: Error | undefined;
    for (const media of offer.media) {
      if (
        (media.kind !== "video" && media.kind !== "audio") ||
        !["sendonly", "sendrecv"].includes(media.direction)
      ) {
        sections.push({ accepted: false });
        continue;
      }
      let section: AnswerSection = { accepted: false };
      for (const codec of candidateCodecs(media, caps)) {
        try {
          const rtpParameters = producerRtpParameters(media, codec, caps, congestionControl);
          const producer = await transport.produce({
            kind: media.kind as MediaKind,
            rtpParameters,
          });
          room.addProducer(link, producer);
          // libwebrtc publishers otherwise start at 300 kbit/s and, with loss-based
          // control, climb 8 % a second: half a minute of a blurry lane.
          const publisherHints = media.kind === "video"
            ? { "x-google-start-bitrate": startKbps }
            : undefined;
          section = { accepted: true, direction: "recvonly", rtpParameters, publisherHints };
          break;
        } catch (err) {
          lastError = err as Error;
        }
      }
      sections.push(section);
    }
    if (!sections.some((s) => s.accepted)) {
      if (lastError instanceof SdpError) throw lastError;
      throw new DomainError(
        "no_usable_media",
        "The offer sends no media the lane can take (video as VP8 or H.264 packetization-mode 1, audio as Opus)" +
          (lastError ? `: ${lastError.message}` : ""),
      );
    }
    return { link, answer: writeAnswer(offer, transport, sections, ourSetup) };
  } catch (err) {
    link.close("setup failed");
    throw err;
  }
}
