/**
 * Poster frames of an analysed video's shots: one JPEG per shot at its
 * release (640 px wide at most), cut by ffmpeg before the upload is deleted,
 * kept in `<ANALYZE_DIR>/posters/<jobId>/<index>.jpg` for as long as the
 * job's record (a day) and swept after.
 */
import { join } from "node:path";
import { LOCAL_FILE_ONLY, mediaSpawn } from "./media_spawn.ts";

/** How long posters are kept (the finished job's record lives as long). */
export const POSTER_TTL_MS = 24 * 3600 * 1000;

export const posterDir = (dir: string, jobId: string) => join(dir, "posters", jobId);
export const posterPath = (dir: string, jobId: string, index: number) =>
  join(posterDir(dir, jobId), `${index}.jpg`);

/** Cuts one poster per time (seconds into the video); a frame ffmpeg cannot cut is skipped. */
export async function cutPosters(
  file: string,
  dir: string,
  jobId: string,
  atSeconds: readonly number[],
): Promise<number> {
  if (!atSeconds.length) return 0;
  await Deno.mkdir(posterDir(dir, jobId), { recursive: true, mode: 0o700 });
  let made = 0;
  for (const [i, t] of atSeconds.entries()) {
    const out = await new Deno.Command("ffmpeg", {
      args: ["-v", "error", "-y", ...LOCAL_FILE_ONLY, "-ss", String(Math.max(0, t)), "-i", file]
        .concat(["-frames:v", "1"])
        .concat(["-vf", "scale='min(640,iw)':-2", "-q:v", "4", posterPath(dir, jobId, i)]),
      stdin: "null",
      stdout: "null",
      stderr: "null",
      ...mediaSpawn(),
    }).output();
    if (out.success) made++;
  }
  return made;
}

/** Deletes posters older than {@linkcode POSTER_TTL_MS}. */
export async function sweepPosters(dir: string, now = Date.now()): Promise<void> {
  try {
    for await (const e of Deno.readDir(join(dir, "posters"))) {
      const path = join(dir, "posters", e.name);
      const at = (await Deno.stat(path)).mtime?.getTime() ?? 0;
      if (now - at > POSTER_TTL_MS) await Deno.remove(path, { recursive: true }).catch(() => {});
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
}
