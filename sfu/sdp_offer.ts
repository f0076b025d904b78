/**
 * Reads a WHIP/WHEP SDP offer (any standard WebRTC peer, no mediasoup code on
 * its side) into what mediasoup needs: ICE/DTLS parameters and, per media
 * section, codecs, header extensions and the sender's SSRCs or RIDs. Anything
 * malformed becomes an `SdpError` with a useful message.
 */
import { parseFmtpParams, parseSdp, type SdpMedia, type SdpSession } from "./sdp_transform.ts";
import { HttpError } from "../core/problem.ts";

export class SdpError extends HttpError {
  constructor(message: string) {
    super(400, "bad_sdp", message);
  }
}

export interface OfferCodec {
  payloadType: number;
  mimeType: string;
  clockRate: number;
  channels?: number;
  parameters: Record<string, string | number>;
  rtcpFeedback: { type: string; parameter: string }[];
}

export interface OfferMedia {
  index: number;
  mid: string;
  kind: string;
  direction: string;
  codecs: OfferCodec[];
  headerExtensions: { id: number; uri: string }[];
  /** Primary SSRC → its RTX SSRC (if any), in the order offered. */
  ssrcs: { ssrc: number; rtxSsrc?: number }[];
  rids: string[];
  cname?: string;
  rtcpReducedSize: boolean;
  raw: SdpMedia;
}

export interface Offer {
  iceUfrag: string;
  icePwd: string;
  fingerprint: { algorithm: string; value: string };
  setup: string;
  media: OfferMedia[];
}

const MAX_MEDIA = 8;
const FINGERPRINT_ALGORITHMS = new Set(["sha-1", "sha-224", "sha-256", "sha-384", "sha-512"]);

export function parseOffer(sdp: string): Offer {
  if (!sdp.trim().startsWith("v=0")) {
    throw new SdpError('The body is not an SDP offer (it must start with "v=0")');
  }
  let session: SdpSession;
  try {
    session = parseSdp(sdp);
  } catch (err) {
    throw new SdpError(`The SDP offer cannot be parsed: ${(err as Error).message}`);
  }
  const media = session.media ?? [];
  if (media.length === 0) throw new SdpError("The SDP offer has no media sections");
  if (media.length > MAX_MEDIA) {
    throw new SdpError(
      `The SDP offer has ${media.length} media sections; at most ${MAX_MEDIA} are accepted`,
    );
  }

  const first = media[0];
  const iceUfrag = first.iceUfrag ?? session.iceUfrag;
  const icePwd = first.icePwd ?? session.icePwd;
  if (!iceUfrag || !icePwd) {
    throw new SdpError("The SDP offer has no ICE credentials (a=ice-ufrag and a=ice-pwd)");
  }
  const fp = first.fingerprint ?? session.fingerprint;
  if (!fp) throw new SdpError("The SDP offer has no DTLS fingerprint (a=fingerprint)");
  const algorithm = fp.type.toLowerCase();
  if (!FINGERPRINT_ALGORITHMS.has(algorithm)) {
    throw new SdpError(`Unsupported DTLS fingerprint algorithm "${fp.type}"`);
  }
  if (!/^([0-9A-Fa-f]{2}:)+[0-9A-Fa-f]{2}$/.test(fp.hash)) {
    throw new SdpError("The DTLS fingerprint is malformed");
  }
  const setup = (first.setup ?? (session.setup as string | undefined) ?? "actpass").toLowerCase();
  if (!["actpass", "active", "passive"].includes(setup)) {
    throw new SdpError(`Unsupported a=setup value "${setup}"`);
  }

  return {
    iceUfrag,
    icePwd,
    fingerprint: { algorithm, value: fp.hash.toUpperCase() },
    setup,
    media: media.map((m, index) => readMedia(m, index)),
  };
}

function readMedia(m: SdpMedia, index: number): OfferMedia {
  if (m.protocol && !/SAVPF?$/.test(m.protocol) && m.type !== "application") {
    throw new SdpError(
      `Media section ${index} uses "${m.protocol}"; WebRTC needs UDP/TLS/RTP/SAVPF`,
    );
  }
  const fmtp = new Map<number, Record<string, string | number>>();
  for (const f of m.fmtp ?? []) fmtp.set(Number(f.payload), parseFmtpParams(f.config));
  const codecs: OfferCodec[] = (m.rtp ?? []).map((r) => {
    const payloadType = Number(r.payload);
    if (!Number.isInteger(payloadType) || payloadType < 0 || payloadType > 127) {
      throw new SdpError(`Media section ${index} has an invalid payload type "${r.payload}"`);
    }
    return {
      payloadType,
      mimeType: `${m.type}/${r.codec}`,
      clockRate: Number(r.rate ?? 90000),
      channels: r.encoding !== undefined && r.encoding !== "" ? Number(r.encoding) : undefined,
      parameters: fmtp.get(payloadType) ?? {},
      rtcpFeedback: (m.rtcpFb ?? [])
        .filter((fb) => fb.payload === "*" || Number(fb.payload) === payloadType)
        .map((fb) => ({ type: fb.type, parameter: fb.subtype ?? "" })),
    };
  });

  const ssrcs: { ssrc: number; rtxSsrc?: number }[] = [];
  const grouped = new Set<number>();
  for (const g of m.ssrcGroups ?? []) {
    if (g.semantics !== "FID") continue;
    const [primary, rtx] = g.ssrcs.split(/\s+/).map(Number);
    if (primary && rtx) {
      ssrcs.push({ ssrc: primary, rtxSsrc: rtx });
      grouped.add(primary).add(rtx);
    }
  }
  for (const s of m.ssrcs ?? []) {
    const id = Number(s.id);
    if (!grouped.has(id) && !ssrcs.some((x) => x.ssrc === id)) ssrcs.push({ ssrc: id });
  }
  const cname = (m.ssrcs ?? []).find((s) => s.attribute === "cname")?.value;
  const rids = (m.rids ?? []).filter((r) => r.direction === "send").map((r) => String(r.id));

  return {
    index,
    mid: m.mid !== undefined ? String(m.mid) : String(index),
    kind: m.type,
    direction: m.direction ?? "sendrecv",
    codecs,
    headerExtensions: (m.ext ?? []).map((e) => ({ id: Number(e.value), uri: e.uri })),
    ssrcs,
    rids,
    cname,
    rtcpReducedSize: m.rtcpRsize !== undefined,
    raw: m,
  };
}
