/**
 * Maps an offered media section to mediasoup parameters: the RTP parameters
 * a WHIP publisher will send (for `transport.produce`) and the RTP
 * capabilities a WHEP viewer can receive (for `transport.consume`).
 */
import type { RtpCapabilities, RtpCodecParameters, RtpParameters } from "./mediasoup.ts";
import { type OfferCodec, type OfferMedia, SdpError } from "./sdp_offer.ts";

const NOT_MEDIA = new Set([
  "video/rtx",
  "video/red",
  "video/ulpfec",
  "video/flexfec-03",
  "audio/red",
  "audio/cn",
  "audio/telephone-event",
]);

const lower = (s: string) => s.toLowerCase();

/** Whether a codec is RTX (retransmissions of another payload type). */
export const isRtx = (mimeType: string) => lower(mimeType).endsWith("/rtx");

/** What a publisher needs for delay-based congestion control: left out when the lane's ingest is loss-based. */
const DELAY_BASED_EXTENSIONS = new Set([
  "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
  "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
]);
const DELAY_BASED_FEEDBACK = new Set(["transport-cc", "goog-remb"]);

/** `caps` as a receiver that sends no congestion-control feedback (only NACK and keyframe requests). */
export function withoutDelayBasedFeedback(caps: RtpCapabilities): RtpCapabilities {
  return {
    codecs: caps.codecs?.map((c) => ({
      ...c,
      rtcpFeedback: c.rtcpFeedback?.filter((fb) => !DELAY_BASED_FEEDBACK.has(fb.type)),
    })),
    headerExtensions: caps.headerExtensions?.filter((e) => !DELAY_BASED_EXTENSIONS.has(e.uri)),
  };
}

/** Offered codecs the router can take, best first (VP8, then H.264 packetization-mode 1, then Opus). */
export function candidateCodecs(media: OfferMedia, routerCaps: RtpCapabilities): OfferCodec[] {
  const routerCodecs = routerCaps.codecs ?? [];
  const usable = media.codecs.filter((c) => {
    if (NOT_MEDIA.has(lower(c.mimeType))) return false;
    return routerCodecs.some((rc) =>
      lower(rc.mimeType) === lower(c.mimeType) && rc.clockRate === c.clockRate &&
      (lower(c.mimeType) !== "video/h264" || Number(c.parameters["packetization-mode"] ?? 0) === 1)
    );
  });
  const rank = (c: OfferCodec) =>
    ["video/vp8", "video/h264", "audio/opus"].indexOf(lower(c.mimeType));
  return usable.sort((a, b) => rank(a) - rank(b));
}

/**
 * The RTP parameters a publisher will send in `media` with `codec` (see
 * `candidateCodecs`). With loss-based congestion control the SFU sends the
 * publisher no transport-wide feedback or REMB, so it does not offer the
 * extensions and feedback those need: the publisher's sender then adapts to
 * the loss in the SFU's receiver reports alone, and its pacer is no longer
 * held to 2.5× a delay-based estimate (which spreads each frame over
 * 10–15 ms and makes every receiver's jitter buffer wait for it).
 */
export function producerRtpParameters(
  media: OfferMedia,
  codec: OfferCodec,
  routerCaps: RtpCapabilities,
  congestionControl: "loss" | "transport-cc",
): RtpParameters {
  const lossBased = congestionControl === "loss";
  const feedbackFor = (c: OfferCodec): RtpCodecParameters => {
    const p = toCodecParameters(c);
    if (lossBased) {
      p.rtcpFeedback = (p.rtcpFeedback ?? []).filter((fb) => !DELAY_BASED_FEEDBACK.has(fb.type));
    }
    return p;
  };
  const codecs: RtpCodecParameters[] = [feedbackFor(codec)];
  const rtx = media.codecs.find((c) =>
    lower(c.mimeType) === "video/rtx" && Number(c.parameters.apt) === codec.payloadType
  );
  if (rtx) codecs.push(feedbackFor(rtx));

  const supportedUris = new Set(
    (routerCaps.headerExtensions ?? []).filter((e) => e.kind === media.kind).map((e) => e.uri),
  );
  const headerExtensions = media.headerExtensions
    .filter((e) => supportedUris.has(e.uri as never))
    .filter((e) => !lossBased || !DELAY_BASED_EXTENSIONS.has(e.uri))
    .map((e) => ({ uri: e.uri as never, id: e.id }));

  let encodings: RtpParameters["encodings"];
  if (media.rids.length) encodings = media.rids.map((rid) => ({ rid }));
  else if (media.ssrcs.length) {
    const { ssrc, rtxSsrc } = media.ssrcs[0];
    encodings = [rtx && rtxSsrc ? { ssrc, rtx: { ssrc: rtxSsrc } } : { ssrc }];
  } else {
    throw new SdpError(
      `Media section ${media.index} ("${media.mid}") announces no SSRC (a=ssrc) and no RID (a=rid)`,
    );
  }

  return {
    mid: media.mid,
    codecs,
    headerExtensions,
    encodings,
    rtcp: { cname: media.cname ?? `lanecast-${media.mid}`, reducedSize: media.rtcpReducedSize },
  };
}

/** What a viewer's media section says it can receive, as mediasoup RTP capabilities. */
export function viewerRtpCapabilities(media: OfferMedia): RtpCapabilities {
  const kind = media.kind as "audio" | "video";
  return {
    codecs: media.codecs
      .filter((c) => lower(c.mimeType) === `${kind}/rtx` || !NOT_MEDIA.has(lower(c.mimeType)))
      .map((c) => ({
        kind,
        mimeType: c.mimeType,
        preferredPayloadType: c.payloadType,
        clockRate: c.clockRate,
        channels: c.channels,
        parameters: c.parameters,
        rtcpFeedback: c.rtcpFeedback,
      })),
    headerExtensions: media.headerExtensions.map((e) => ({
      kind,
      uri: e.uri as never,
      preferredId: e.id,
      direction: "sendrecv" as const,
    })),
  };
}

function toCodecParameters(c: OfferCodec): RtpCodecParameters {
  return {
    mimeType: c.mimeType,
    payloadType: c.payloadType,
    clockRate: c.clockRate,
    ...(c.channels ? { channels: c.channels } : {}),
    parameters: c.parameters,
    rtcpFeedback: c.rtcpFeedback,
  };
}
