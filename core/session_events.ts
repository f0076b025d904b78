/**
 * The session-events link that WHIP and WHEP answers carry (see
 * sfu/session_events.ts): its relation, its events, and how a client finds it.
 */

/** The link relation of a WHIP or WHEP session's event stream. */
export const SESSION_EVENTS_REL = "urn:lanecast:session-events";

/** `reconnect`: the lane moved to another worker, start a new session now; `closed`: the session ended. */
export type SessionEvent = "reconnect" | "closed";

/**
 * The absolute URL of the session-events link in a `Link` header, if any.
 *
 * @example
 * ```ts
 * sessionEventsUrl('</whip/1/abc/events>; rel="urn:lanecast:session-events"', "http://sfu/whip/1");
 * // "http://sfu/whip/1/abc/events"
 * ```
 */
export function sessionEventsUrl(link: string | null, base: string): string | undefined {
  for (const part of (link ?? "").split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!m) continue;
    const rels = /;\s*rel="?([^";]*)"?/i.exec(m[2])?.[1].split(/\s+/) ?? [];
    if (rels.includes(SESSION_EVENTS_REL)) return new URL(m[1], base).toString();
  }
  return undefined;
}
