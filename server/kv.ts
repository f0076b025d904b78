/** Deno KV: every key the server uses is built here, under a named prefix. */

export const KEYS = {
  /** Health probe key. */
  health: () => ["health", "probe"] as const,
  /** Failure counter of one throttle scope ("login-account", "login-ip", "signup-ip") for one subject. */
  throttle: (scope: string, subject: string) => ["throttle", scope, subject] as const,
  /** A live lane event already received (its id, chosen by the sidecar), for dedupe. */
  laneEvent: (id: string) => ["lane-event", id] as const,
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
