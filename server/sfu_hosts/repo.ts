/** The SFU hosts' announcements in PostgreSQL, shared by every API instance. */
import type { SfuHost, SfuHostAnnounce } from "../../core/sfu_hosts.ts";
import type { Sql } from "../db.ts";

/** Records a host's announcement (the latest wins) and when it came. */
export async function recordAnnounce(sql: Sql, host: SfuHostAnnounce): Promise<void> {
  await sql`
    insert into sfu_hosts (id, public_url, internal_url, workers, consumers, lanes, origins, seen_at)
    values (${host.id}, ${host.publicUrl}, ${host.internalUrl}, ${host.workers}, ${host.consumers},
      ${host.lanes}, ${sql.json(host.origins)}, now())
    on conflict (id) do update set
      public_url = excluded.public_url, internal_url = excluded.internal_url,
      workers = excluded.workers, consumers = excluded.consumers, lanes = excluded.lanes,
      origins = excluded.origins, seen_at = excluded.seen_at`;
}

/** Hosts that announced within `ttlMs`, with any worker running. */
export async function aliveHosts(sql: Sql, ttlMs: number): Promise<SfuHost[]> {
  const rows = await sql<{
    id: string;
    public_url: string;
    internal_url: string;
    workers: number;
    consumers: number;
    lanes: number;
    origins: string[];
    seen_at: Date;
  }[]>`
    select id, public_url, internal_url, workers, consumers, lanes, origins, seen_at
    from sfu_hosts
    where seen_at > now() - make_interval(secs => ${ttlMs / 1000}) and workers > 0
    order by id`;
  return rows.map((r) => ({
    id: r.id,
    publicUrl: r.public_url,
    internalUrl: r.internal_url,
    workers: r.workers,
    consumers: r.consumers,
    lanes: r.lanes,
    origins: r.origins,
    seenAt: new Date(r.seen_at).getTime(),
  }));
}
