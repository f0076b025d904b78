/** Deno KV: every key the server uses is built here, under a named prefix. */

export const KEYS = {
  /** Health probe key (only read: the probe writes nothing). */
  health: () => ["health", "probe"] as const,
  /** State of one throttle scope ("login-pair", "login-ip", "login-account", "signup-ip") for one subject. */
  throttle: (scope: string, subject: string) => ["throttle", scope, subject] as const,
  /** A user's cached role, disabled flag and live logins (server/auth/standing.ts). */
  standing: (userId: string) => ["standing", userId] as const,
  /** A live lane event already received (its id, chosen by the sidecar), for dedupe. */
  laneEvent: (id: string) => ["lane-event", id] as const,
  /** A live ticket (by the sha-256 of the ticket): who may open their own live channel once. */
  liveTicket: (ticketHash: string) => ["live-ticket", ticketHash] as const,
};

export async function openKv(path: string): Promise<Deno.Kv> {
  return await Deno.openKv(path);
}

/** True when KV answers a read; writes nothing. */
export async function pingKv(kv: Deno.Kv): Promise<boolean> {
  try {
    await kv.get(KEYS.health());
    return true;
  } catch {
    return false;
  }
}
