/**
 * A clip's poster: its first frame as a JPEG, by ffmpeg (decoding one frame
 * is cheap; the clip itself is never re-encoded). The clip goes through a
 * temporary file, since an MP4 may keep its index at the end.
 * @module
 */
import { runFfmpeg } from "./ffmpeg.ts";

export type PosterMaker = (clip: Uint8Array, contentType: string) => Promise<Uint8Array>;

export interface PosterOptions {
  /** ffmpeg binary. Default: "ffmpeg". */
  ffmpeg?: string;
  /** Widest poster (px); taller or wider frames are scaled down. Default: 1280. */
  maxWidth?: number;
}

export function createPosterMaker(options: PosterOptions = {}): PosterMaker {
  const { ffmpeg = "ffmpeg", maxWidth = 1280 } = options;
  return async (clip, contentType) => {
    const dir = await Deno.makeTempDir({ prefix: "lanecast-poster-" });
    try {
      const input = `${dir}/clip.${contentType.includes("mp4") ? "mp4" : "webm"}`;
      const output = `${dir}/poster.jpg`;
      await Deno.writeFile(input, clip);
      await runFfmpeg([
        "-i",
        input,
        "-frames:v",
        "1",
        "-vf",
        `scale='min(${maxWidth},iw)':-2`,
        "-q:v",
        "4",
        "-f",
        "image2",
        "-c:v",
        "mjpeg",
        output,
      ], ffmpeg);
      return await Deno.readFile(output);
    } finally {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  };
}
