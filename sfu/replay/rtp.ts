/**
 * Just enough RTP for the replay buffer: read a packet's header, write a
 * re-stamped copy (new SSRC, sequence number and timestamp), tell keyframes
 * from the payload (VP8, H.264) and take a frame's codec bitstream out of its
 * packets (VP8 frames for IVF, H.264 Annex B) without decoding anything.
 */

export type ReplayCodec = "VP8" | "H264";

export interface RtpHeader {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  /** Where the payload starts and ends (padding excluded). */
  payloadOffset: number;
  payloadEnd: number;
}

/** The header of an RTP packet, or null when it is not one. */
export function readRtpHeader(p: Uint8Array): RtpHeader | null {
  if (p.length < 12 || p[0] >> 6 !== 2) return null;
  const view = new DataView(p.buffer, p.byteOffset, p.byteLength);
  let offset = 12 + (p[0] & 0x0f) * 4;
  if (p[0] & 0x10) {
    if (offset + 4 > p.length) return null;
    offset += 4 + view.getUint16(offset + 2) * 4;
  }
  let end = p.length;
  if (p[0] & 0x20) end -= p[p.length - 1];
  if (offset > end) return null;
  return {
    marker: (p[1] & 0x80) !== 0,
    payloadType: p[1] & 0x7f,
    sequenceNumber: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    payloadOffset: offset,
    payloadEnd: end,
  };
}

/**
 * A copy of `p` with a new payload type, sequence number, timestamp and SSRC,
 * its header extensions and padding left out (they described the camera's
 * send, not the replay's).
 */
export function restamp(
  p: Uint8Array,
  h: RtpHeader,
  o: { payloadType: number; sequenceNumber: number; timestamp: number; ssrc: number },
): Uint8Array {
  const fixed = 12 + (p[0] & 0x0f) * 4;
  const payload = p.subarray(h.payloadOffset, h.payloadEnd);
  const out = new Uint8Array(fixed + payload.length);
  out.set(p.subarray(0, fixed), 0);
  out.set(payload, fixed);
  out[0] = p[0] & 0xcf; // no padding, no extension
  out[1] = (p[1] & 0x80) | (o.payloadType & 0x7f);
  const view = new DataView(out.buffer);
  view.setUint16(2, o.sequenceNumber & 0xffff);
  view.setUint32(4, o.timestamp >>> 0);
  view.setUint32(8, o.ssrc >>> 0);
  return out;
}

/** Length of the VP8 payload descriptor at the start of `payload` (RFC 7741). */
function vp8DescriptorLength(payload: Uint8Array): number {
  let n = 1;
  if (payload[0] & 0x80) {
    const x = payload[1];
    n++;
    if (x & 0x80) n += payload[n] & 0x80 ? 2 : 1; // PictureID, 7 or 15 bits
    if (x & 0x40) n++; // TL0PICIDX
    if (x & 0x30) n++; // TID / KEYIDX
  }
  return n;
}

/** The first packet of a frame says whether the frame is a keyframe. */
export function isKeyframeStart(codec: ReplayCodec, payload: Uint8Array): boolean {
  if (payload.length < 2) return false;
  if (codec === "VP8") {
    const start = (payload[0] & 0x10) !== 0 && (payload[0] & 0x07) === 0;
    const n = vp8DescriptorLength(payload);
    return start && n < payload.length && (payload[n] & 0x01) === 0;
  }
  return h264Nals(payload).some((nal) => (nal & 0x1f) === 5 || (nal & 0x1f) === 7);
}

/** Header bytes of the NAL units a packet starts (single NAL, STAP-A, FU-A start). */
function h264Nals(payload: Uint8Array): number[] {
  const type = payload[0] & 0x1f;
  if (type >= 1 && type <= 23) return [payload[0]];
  if (type === 24) {
    const out: number[] = [];
    for (let i = 1; i + 2 < payload.length;) {
      const size = (payload[i] << 8) | payload[i + 1];
      out.push(payload[i + 2]);
      i += 2 + size;
    }
    return out;
  }
  if (type === 28 && payload[1] & 0x80) return [(payload[0] & 0xe0) | (payload[1] & 0x1f)];
  return [];
}

const START_CODE = [0, 0, 0, 1];

/**
 * One frame's bitstream from its packets' payloads in sequence order: the
 * VP8 frame (descriptors removed), or H.264 NAL units in Annex B.
 */
export function depacketize(codec: ReplayCodec, payloads: Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const payload of payloads) {
    if (payload.length === 0) continue;
    if (codec === "VP8") {
      parts.push(payload.subarray(vp8DescriptorLength(payload)));
      continue;
    }
    const type = payload[0] & 0x1f;
    if (type >= 1 && type <= 23) {
      parts.push(new Uint8Array(START_CODE), payload);
    } else if (type === 24) {
      for (let i = 1; i + 2 <= payload.length;) {
        const size = (payload[i] << 8) | payload[i + 1];
        parts.push(new Uint8Array(START_CODE), payload.subarray(i + 2, i + 2 + size));
        i += 2 + size;
      }
    } else if (type === 28 && payload.length > 2) {
      if (payload[1] & 0x80) {
        parts.push(new Uint8Array([...START_CODE, (payload[0] & 0xe0) | (payload[1] & 0x1f)]));
      }
      parts.push(payload.subarray(2));
    }
  }
  return concat(parts);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
