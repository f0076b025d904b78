/**
 * Sends a clip of I420 frames through a real VP8 encoder and decoder
 * (ffmpeg with libvpx, realtime settings like WebRTC's) so that training
 * frames carry the codec's blocking, ringing and smearing. Returns null when
 * ffmpeg is not installed.
 */
import type { Prng } from "../../core/prng.ts";

export interface Vp8Options {
  width: number;
  height: number;
  fps: number;
  /** Target bitrate, bits/s. */
  bitrate: number;
}

let available: boolean | undefined;

export async function hasFfmpeg(): Promise<boolean> {
  if (available !== undefined) return available;
  try {
    const out = await new Deno.Command("ffmpeg", {
      args: ["-hide_banner", "-encoders"],
      stdout: "piped",
      stderr: "null",
    }).output();
    available = out.success && new TextDecoder().decode(out.stdout).includes("libvpx");
  } catch {
    available = false;
  }
  return available;
}

/** Encodes and decodes `frames` (each one I420 frame); same count and size back. */
export async function vp8RoundTrip(
  frames: Uint8Array[],
  o: Vp8Options,
): Promise<Uint8Array[] | null> {
  if (!(await hasFfmpeg())) return null;
  const size = `${o.width}x${o.height}`;
  const kbps = Math.round(o.bitrate / 1000);
  const script = [
    `ffmpeg -loglevel error -f rawvideo -pix_fmt yuv420p -s ${size} -r ${o.fps} -i pipe:0`,
    `-c:v libvpx -deadline realtime -cpu-used 8 -b:v ${kbps}k -maxrate ${kbps}k -bufsize ${kbps}k`,
    `-g 3000 -threads 1 -f ivf pipe:1 |`,
    `ffmpeg -loglevel error -f ivf -i pipe:0 -f rawvideo -pix_fmt yuv420p pipe:1`,
  ].join(" ");
  const child = new Deno.Command("bash", {
    args: ["-c", script],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writing = (async () => {
    const w = child.stdin.getWriter();
    for (const f of frames) await w.write(f);
    await w.close();
  })();
  const out = await child.output();
  await writing;
  if (!out.success) throw new Error(`Cannot round-trip ${frames.length} frames through VP8`);
  const n = (o.width * o.height * 3) / 2;
  if (out.stdout.length < n * frames.length) {
    throw new Error(
      `VP8 round trip returned ${Math.floor(out.stdout.length / n)} of ${frames.length} frames`,
    );
  }
  return frames.map((_, i) => out.stdout.subarray(i * n, (i + 1) * n));
}

/**
 * With probability `share`, the clip through VP8 at a bitrate drawn
 * log-uniformly from 200 kbit/s to 2 Mbit/s (what live lanes see); else, or
 * without ffmpeg, the clip as it is. `coded` says which.
 */
export async function maybeVp8(
  frames: Uint8Array[],
  rng: Prng,
  share: number,
  size: Omit<Vp8Options, "bitrate">,
): Promise<{ clip: Uint8Array[]; coded: boolean }> {
  if (!rng.chance(share)) return { clip: frames, coded: false };
  const bitrate = Math.exp(rng.uniform(Math.log(200e3), Math.log(2e6)));
  const coded = await vp8RoundTrip(frames, { ...size, bitrate });
  return coded ? { clip: coded, coded: true } : { clip: frames, coded: false };
}
