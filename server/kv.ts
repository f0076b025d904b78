/** Deno KV: every key the server uses is built here, under a named prefix. */

export const KEYS = {
  /** Health probe key. */
  health: () => ["health", "probe"] as const,
};

export async function openKv(path: string): Promise<Deno.Kv> {
  return await Deno.openKv(path);
}

export async function pingKv(kv: Deno.Kv): Promise<boolean> {
  try {
    await kv.set(KEYS.health(), Date.now());
    return true;
  } catch {
    return false;
  }
}
