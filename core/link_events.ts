/**
 * The link-events link that WHIP and WHEP answers carry (see
 * sfu/link_events.ts): its relation, its events, and how a client finds it.
 */

/** The link relation of a WHIP or WHEP media link's event stream. */
export const LINK_EVENTS_REL = "urn:lanecast:link-events";

/** `reconnect`: the lane moved to another worker, post a new offer now; `closed`: the link ended. */
export type LinkEvent = "reconnect" | "closed";

/**
 * The absolute URL of the link-events link in a `Link` header, if any.
 *
 * @example
 * ```ts
 * linkEventsUrl('</whip/1/abc/events>; rel="urn:lanecast:link-events"', "http://sfu/whip/1");
 * // "http://sfu/whip/1/abc/events"
 * ```
 */
export function linkEventsUrl(link: string | null, base: string): string | undefined {
  for (const part of (link ?? "").split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!m) continue;
    const rels = /;\s*rel="?([^";]*)"?/i.exec(m[2])?.[1].split(/\s+/) ?? [];
    if (rels.includes(LINK_EVENTS_REL)) return new URL(m[1], base).toString();
  }
  return undefined;
}
