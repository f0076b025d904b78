/** Runs ffmpeg quietly; throws with its last line of errors when it fails. */
export async function runFfmpeg(args: string[], ffmpeg = "ffmpeg"): Promise<void> {
  const { code, stderr } = await new Deno.Command(ffmpeg, {
    args: ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", ...args],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code === 0) return;
  const why = new TextDecoder().decode(stderr).trim().split("\n").at(-1) ?? "";
  throw new Error(`ffmpeg failed (exit ${code}): ${why.slice(0, 300)}`);
}
