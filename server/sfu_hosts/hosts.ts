/**
 * The server's view of the SFU hosts: their announcements (repo.ts), the
 * hosts alive now, and the pick of a host for each camera and each viewer
 * (core/sfu_hosts.ts). A host is alive while it announces; one that died
 * between two announcements is found out when it is picked — a quick health
 * check of a host not checked in the last 250 ms — and left out until it
 * announces again, so viewers that reconnect after a host died are sent to
 * another at once.
 */
import {
  originOf,
  pickPublishHost,
  pickViewerHost,
  type SfuHost,
  type SfuHostAnnounce,
} from "../../core/sfu_hosts.ts";
import type { Sql } from "../db.ts";
import { aliveHosts, recordAnnounce } from "./repo.ts";

export interface SfuHostsOptions {
  sql: Sql;
  /** A host that has not announced for this long is gone. */
  ttlMs: number;
  /** Whether a host answers now (default: its `/health` within 300 ms). */
  probe?: (host: SfuHost) => Promise<boolean>;
}

/** Where a viewer watches: the host, and the lane's origin when that is another host. */
export interface ViewerPlacement {
  host: SfuHost;
  origin?: SfuHost;
}

export interface SfuHosts {
  announce(host: SfuHostAnnounce): Promise<void>;
  /** Hosts alive now (none: the single SFU at SFU_URL serves everything). */
  alive(): Promise<SfuHost[]>;
  forViewer(laneId: string): Promise<ViewerPlacement | undefined>;
  forPublisher(laneId: string): Promise<SfuHost | undefined>;
  /** The host the lane's camera publishes to, if it is alive. */
  originOf(laneId: string): Promise<SfuHost | undefined>;
}

/** A host that answered is checked again only after this long (a check is one GET /health). */
const PROBE_EVERY_MS = 250;

export function createSfuHosts({ sql, ttlMs, probe = probeHealth }: SfuHostsOptions): SfuHosts {
  /** Hosts found down, by the announcement they were down after. */
  const down = new Map<string, number>();
  const checkedAt = new Map<string, number>();
  /** Viewers sent to each host since its last announcement. */
  const sent = new Map<string, { seenAt: number; n: number }>();

  async function alive(): Promise<SfuHost[]> {
    const hosts = await aliveHosts(sql, ttlMs);
    return hosts.filter((h) => (down.get(h.id) ?? -1) < h.seenAt);
  }

  /** Whether `host` answers; a host found down is left out until it announces again. */
  async function up(host: SfuHost): Promise<boolean> {
    if (Date.now() - (checkedAt.get(host.id) ?? 0) < PROBE_EVERY_MS) return true;
    if (await probe(host)) {
      checkedAt.set(host.id, Date.now());
      return true;
    }
    down.set(host.id, host.seenAt);
    checkedAt.delete(host.id);
    return false;
  }

  /** `pick` among the hosts alive until one answers. */
  async function pickUp(pick: (hosts: SfuHost[]) => SfuHost | undefined) {
    let hosts = await alive();
    for (;;) {
      const host = pick(hosts);
      if (!host || await up(host)) return { host, hosts };
      hosts = hosts.filter((h) => h !== host);
    }
  }

  function sentTo(hosts: SfuHost[]): Map<string, number> {
    return new Map(hosts.map((h) => {
      const s = sent.get(h.id);
      return [h.id, s && s.seenAt === h.seenAt ? s.n : 0];
    }));
  }

  return {
    async announce(host) {
      await recordAnnounce(sql, host);
      down.delete(host.id);
    },
    alive,
    async forViewer(laneId) {
      const { host, hosts } = await pickUp((hs) => pickViewerHost(hs, laneId, sentTo(hs)));
      if (!host) return undefined;
      const s = sent.get(host.id);
      sent.set(host.id, {
        seenAt: host.seenAt,
        n: s && s.seenAt === host.seenAt ? s.n + 1 : 1,
      });
      const origin = originOf(hosts, laneId);
      return { host, origin: origin && origin.id !== host.id ? origin : undefined };
    },
    async forPublisher(laneId) {
      return (await pickUp((hs) => pickPublishHost(hs, laneId))).host;
    },
    async originOf(laneId) {
      return originOf(await alive(), laneId);
    },
  };
}

async function probeHealth(host: SfuHost): Promise<boolean> {
  try {
    const res = await fetch(`${host.internalUrl.replace(/\/$/, "")}/health`, {
      signal: AbortSignal.timeout(300),
    });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
