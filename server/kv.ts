/** Deno KV: every key the server uses is built here, under a named prefix. */

export const KEYS = {
  /** Last seen SFU lane status, for /api/lanes when the SFU is briefly unreachable. */
  laneStatus: (laneId: string) => ["lane_status", laneId] as const,
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
