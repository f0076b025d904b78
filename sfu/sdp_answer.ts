/**
 * Writes the SDP answer for a WHIP or WHEP link: ICE-lite, one bundled
 * mediasoup WebRtcTransport, and per offered media section either the
 * accepted RTP parameters or a rejection (port 0).
 */
import { type SdpMedia, writeSdp } from "./sdp_transform.ts";
import type { RtpParameters, WebRtcTransport } from "./mediasoup.ts";
import type { LaneRoom } from "./lane_room.ts";
import type { Offer } from "./sdp_offer.ts";
import { isRtx } from "./sdp_rtp.ts";
import type { MediaLink } from "./media_link.ts";

export type AnswerSection =
  | { accepted: false }
  | {
    accepted: true;
    direction: "recvonly";
    rtpParameters: RtpParameters;
    /** Format parameters for the publisher only (e.g. x-google-start-bitrate), added to each media codec's fmtp. */
    publisherHints?: Record<string, string | number>;
  }
  | {
    accepted: true;
    direction: "sendonly";
    rtpParameters: RtpParameters;
    streamId: string;
    trackId: string;
  };

export function writeAnswer(
  offer: Offer,
  transport: WebRtcTransport,
  sections: AnswerSection[],
  setup: "active" | "passive",
): string {
  const fingerprint =
    transport.dtlsParameters.fingerprints.find((f) => f.algorithm === "sha-256") ??
      transport.dtlsParameters.fingerprints[0];
  const bundled: string[] = [];
  const media: SdpMedia[] = offer.media.map((om, i) => {
    const section = sections[i];
    const base: SdpMedia = {
      type: om.kind,
      port: 9,
      protocol: om.raw.protocol,
      connection: { version: 4, ip: "0.0.0.0" },
      mid: om.mid,
      rtp: [],
      fmtp: [],
    };
    if (!section || !section.accepted) {
      // Rejected: port 0, keep the first payload so the m-line stays valid.
      return {
        ...base,
        port: 0,
        payloads: String(om.codecs[0]?.payloadType ?? om.raw.payloads ?? "0"),
        direction: "inactive",
      };
    }
    bundled.push(om.mid);
    const p = section.rtpParameters;
    const hints = section.direction === "recvonly" ? section.publisherHints ?? {} : {};
    const m: SdpMedia = {
      ...base,
      payloads: p.codecs.map((c) => c.payloadType).join(" "),
      direction: section.direction,
      iceUfrag: transport.iceParameters.usernameFragment,
      icePwd: transport.iceParameters.password,
      setup,
      rtcpMux: "rtcp-mux",
      rtcpRsize: "rtcp-rsize",
      candidates: transport.iceCandidates.map((c) => ({
        foundation: c.foundation,
        component: 1,
        transport: c.protocol,
        priority: c.priority,
        ip: c.ip,
        port: c.port,
        type: c.type,
        ...(c.protocol === "tcp" ? { tcptype: "passive" } : {}),
      })),
      endOfCandidates: "end-of-candidates",
      rtp: p.codecs.map((c) => ({
        payload: c.payloadType,
        codec: c.mimeType.split("/")[1],
        rate: c.clockRate,
        ...(c.channels && c.channels > 1 ? { encoding: c.channels } : {}),
      })),
      fmtp: p.codecs
        .map((c) => ({ c, params: { ...c.parameters, ...(isRtx(c.mimeType) ? {} : hints) } }))
        .filter(({ params }) => Object.keys(params).length)
        .map(({ c, params }) => ({
          payload: c.payloadType,
          config: Object.entries(params).map(([k, v]) => `${k}=${v}`).join(";"),
        })),
      rtcpFb: p.codecs.flatMap((c) =>
        (c.rtcpFeedback ?? []).map((fb) => ({
          payload: c.payloadType,
          type: fb.type,
          ...(fb.parameter ? { subtype: fb.parameter } : {}),
        }))
      ),
      ext: (p.headerExtensions ?? []).map((e) => ({ value: e.id, uri: e.uri })),
    };
    if (section.direction === "sendonly") {
      const enc = p.encodings?.[0];
      const cname = p.rtcp?.cname ?? "lanecast";
      m.msid = `${section.streamId} ${section.trackId}`;
      m.ssrcs = [];
      if (enc?.ssrc) {
        m.ssrcs.push({ id: enc.ssrc, attribute: "cname", value: cname });
        m.ssrcs.push({ id: enc.ssrc, attribute: "msid", value: m.msid });
      }
      if (enc?.ssrc && enc.rtx?.ssrc) {
        m.ssrcs.push({ id: enc.rtx.ssrc, attribute: "cname", value: cname });
        m.ssrcs.push({ id: enc.rtx.ssrc, attribute: "msid", value: m.msid });
        m.ssrcGroups = [{ semantics: "FID", ssrcs: `${enc.ssrc} ${enc.rtx.ssrc}` }];
      }
    }
    return m;
  });

  return writeSdp({
    version: 0,
    origin: {
      username: "lanecast",
      sessionId: Date.now(),
      sessionVersion: 1,
      netType: "IN",
      ipVer: 4,
      address: "0.0.0.0",
    },
    name: "-",
    timing: { start: 0, stop: 0 },
    icelite: "ice-lite",
    fingerprint: { type: fingerprint.algorithm, hash: fingerprint.value },
    msidSemantic: { semantic: "WMS", token: "*" },
    groups: bundled.length ? [{ type: "BUNDLE", mids: bundled.join(" ") }] : [],
    media,
  });
}

/** The link's bundled transport for an offer, with the offerer's DTLS fingerprint and role applied. */
export async function transportForOffer(
  room: LaneRoom,
  link: MediaLink,
  offer: Offer,
): Promise<{ transport: WebRtcTransport; ourSetup: "active" | "passive" }> {
  const transport = await room.createWebRtcTransport(link);
  const { ourSetup, remoteRole } = answerSetup(offer.setup);
  await transport.connect({
    dtlsParameters: { role: remoteRole, fingerprints: [offer.fingerprint as never] },
  });
  return { transport, ourSetup };
}

/** Our DTLS role from the offerer's a=setup: we are the server unless the offerer insists on being it. */
function answerSetup(
  offerSetup: string,
): { ourSetup: "active" | "passive"; remoteRole: "client" | "server" } {
  return offerSetup === "passive"
    ? { ourSetup: "active", remoteRole: "server" }
    : { ourSetup: "passive", remoteRole: "client" };
}
