/**
 * Folders only the server's own user may enter (0700): DATA_DIR, the PGlite
 * database and the keys. Created so, and tightened to 0700 when they already
 * exist with wider rights (an older install); a folder the process cannot
 * change (another user's) is used as it is, with a warning.
 */
export async function makePrivateDir(path: string): Promise<void> {
  await Deno.mkdir(path, { recursive: true, mode: 0o700 });
  const { mode } = await Deno.stat(path);
  if (mode === null || (mode & 0o077) === 0) return;
  try {
    await Deno.chmod(path, 0o700);
  } catch (err) {
    console.warn(`server: cannot make "${path}" private (0700): ${(err as Error).message}`);
  }
}
