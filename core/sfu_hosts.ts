/**
 * SFU hosts and which one serves whom (pure). Each host announces itself with
 * its load; the server picks, among the hosts alive now, where a lane's camera
 * publishes (its origin: where it already publishes, else the host with the
 * fewest lanes per worker) and where each viewer watches (the host with the
 * fewest consumers per worker, counting the viewers sent there since its last
 * announcement; the origin wins ties, since serving from it needs no pipe).
 */
import { z } from "zod";

export const SfuHostAnnounceSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  /** Where browsers reach the host (WHEP, signaling). */
  publicUrl: z.string().url().max(300).regex(/^https?:\/\//, "an http(s) URL"),
  /** Where the server and the other hosts reach it (pipes). */
  internalUrl: z.string().url().max(300).regex(/^https?:\/\//, "an http(s) URL"),
  workers: z.number().int().min(0).max(4096),
  consumers: z.number().int().min(0),
  lanes: z.number().int().min(0),
  /** Lanes whose camera publishes to this host. */
  origins: z.array(z.string().max(64)).max(10_000),
}).strict();
export type SfuHostAnnounce = z.infer<typeof SfuHostAnnounceSchema>;

export interface SfuHost extends SfuHostAnnounce {
  /** When the host last announced itself (epoch ms). */
  seenAt: number;
}

/** Consumers per worker, with `extra` viewers sent there since it last announced. */
export function viewerLoad(host: SfuHost, extra = 0): number {
  return (host.consumers + extra) / Math.max(1, host.workers);
}

/** The host a lane's camera already publishes to, if one alive does. */
export function originOf(hosts: readonly SfuHost[], laneId: string): SfuHost | undefined {
  return hosts.find((h) => h.origins.includes(laneId));
}

/** Where a lane's camera should publish: its origin, else the host with the fewest lanes per worker. */
export function pickPublishHost(hosts: readonly SfuHost[], laneId: string): SfuHost | undefined {
  return originOf(hosts, laneId) ??
    minBy(hosts, (h) => h.lanes / Math.max(1, h.workers));
}

/**
 * Where a viewer of `laneId` should watch: the least loaded host (`sent`:
 * viewers sent to each host since its last announcement), the origin on a tie.
 */
export function pickViewerHost(
  hosts: readonly SfuHost[],
  laneId: string,
  sent: ReadonlyMap<string, number> = new Map(),
): SfuHost | undefined {
  const origin = originOf(hosts, laneId);
  const load = (h: SfuHost) => viewerLoad(h, sent.get(h.id) ?? 0);
  const best = minBy(hosts, load);
  return origin && best && load(origin) <= load(best) ? origin : best;
}

function minBy<T>(items: readonly T[], score: (item: T) => number): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || score(item) < score(best)) best = item;
  return best;
}
