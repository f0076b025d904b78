/**
 * A clip out of buffered frames, remuxed by ffmpeg without re-encoding: VP8
 * frames go into an IVF file (one header, then each frame with its capture
 * time as pts in ms) and ffmpeg copies them into WebM; H.264 goes the same
 * way with the "H264" IVF tag into MP4. The clip's timing is the frames'
 * capture times, so its duration is the window's.
 */
import { DomainError } from "../../core/problem.ts";
import type { BufferedFrame } from "./rtp_ring.ts";
import { depacketize, readRtpHeader, type ReplayCodec } from "./rtp.ts";
import { inOrder } from "./rtp_ring.ts";

export interface Clip {
  bytes: Uint8Array;
  contentType: string;
  /** Capture times of the first and last frame, ms. */
  fromMs: number;
  toMs: number;
  durationMs: number;
}

/** One frame's bitstream: its packets' payloads in sequence order. */
export function frameBitstream(frame: BufferedFrame): Uint8Array {
  const payloads = inOrder(frame).map(({ data }) => {
    const h = readRtpHeader(data)!; // the ring holds only packets it could read
    return data.subarray(h.payloadOffset, h.payloadEnd);
  });
  return depacketize(frame.codec, payloads);
}

/** Width and height from a VP8 keyframe's header (0 × 0 when it is not one). */
function vp8Size(frame: Uint8Array): [number, number] {
  if (frame.length < 10 || frame[3] !== 0x9d || frame[4] !== 0x01 || frame[5] !== 0x2a) {
    return [0, 0];
  }
  return [(frame[6] | (frame[7] << 8)) & 0x3fff, (frame[8] | (frame[9] << 8)) & 0x3fff];
}

/**
 * Each frame's time from the first, ms: the camera's RTP clock within one
 * stream (capture times across a change of camera), at least 1 ms apart so
 * the container's timestamps always increase.
 */
export function presentationTimes(frames: BufferedFrame[]): number[] {
  const first = frames[0];
  let last = -1;
  return frames.map((f) => {
    const ms = f.ssrc === first.ssrc
      ? Math.round((f.rtpTime - first.rtpTime) / 90)
      : f.captureMs - first.captureMs;
    last = Math.max(last + 1, ms);
    return last;
  });
}

/** An IVF file of the frames, pts in ms from the first frame. */
export function toIvf(codec: ReplayCodec, frames: BufferedFrame[]): Uint8Array {
  const bodies = frames.map(frameBitstream);
  const [width, height] = codec === "VP8" ? vp8Size(bodies[0]) : [0, 0];
  const size = 32 + bodies.reduce((n, b) => n + 12 + b.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode("DKIF"), 0);
  view.setUint16(4, 0, true);
  view.setUint16(6, 32, true);
  out.set(new TextEncoder().encode(codec === "VP8" ? "VP80" : "H264"), 8);
  view.setUint16(12, width, true);
  view.setUint16(14, height, true);
  view.setUint32(16, 1000, true); // time base: 1/1000 s
  view.setUint32(20, 1, true);
  view.setUint32(24, frames.length, true);
  let at = 32;
  const pts = presentationTimes(frames);
  bodies.forEach((body, i) => {
    view.setUint32(at, body.length, true);
    view.setBigUint64(at + 4, BigInt(pts[i]), true);
    out.set(body, at + 12);
    at += 12 + body.length;
  });
  return out;
}

/** Remuxes `frames` (starting at a keyframe) into WebM (VP8) or MP4 (H.264) with ffmpeg `-c copy`. */
export async function cutClip(ffmpeg: string, frames: BufferedFrame[]): Promise<Clip> {
  if (frames.length === 0) {
    throw new DomainError("replay_window_gone", "The window holds no frames");
  }
  const codec = frames[0].codec;
  const dir = await Deno.makeTempDir({ prefix: "lanecast-clip-" });
  try {
    const input = `${dir}/in.ivf`;
    const output = `${dir}/clip.${codec === "VP8" ? "webm" : "mp4"}`;
    await Deno.writeFile(input, toIvf(codec, frames));
    const args = ["-hide_banner", "-loglevel", "error", "-f", "ivf", "-i", input, "-c", "copy"];
    if (codec === "H264") args.push("-movflags", "+faststart");
    const result = await new Deno.Command(ffmpeg, {
      args: [...args, "-y", output],
      stdout: "null",
      stderr: "piped",
    })
      .output();
    if (!result.success) {
      throw new Error(
        `ffmpeg could not remux the clip: ${new TextDecoder().decode(result.stderr).trim()}`,
      );
    }
    const fromMs = frames[0].captureMs;
    const toMs = frames[frames.length - 1].captureMs;
    return {
      bytes: await Deno.readFile(output),
      contentType: codec === "VP8" ? "video/webm" : "video/mp4",
      fromMs,
      toMs,
      durationMs: toMs - fromMs,
    };
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
