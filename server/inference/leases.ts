/**
 * Lane leases of the inference sidecars (table `inference_leases`): each call
 * of {@linkcode claimLeases} renews what the sidecar holds, lets go of lanes
 * it no longer wants (or holds beyond its share or its capacity, see
 * core/lease_share.ts; the lanes it took last go first),
 * and takes free or expired lanes up to its plan, in one transaction. A lane
 * is leased to one sidecar at a time: a lease is only taken over once it has
 * expired (`on conflict … where expires_at < now()`), so two sidecars racing
 * for a lane cannot both get it. The database's clock decides expiry.
 */
import { DomainError } from "../../core/errors.ts";
import { planLeases } from "../../core/lease_share.ts";
import type { Sql, SqlOrTx } from "../db.ts";

export interface LeaseAsk {
  sidecarId: string;
  /** The most lanes it will watch. */
  capacity: number;
  /** The lanes it can watch (the server's list as it last read it). */
  lanes: string[];
  /** Those of them on the air (they count against the capacity); unset means all. */
  live?: string[];
  /** Its status, kept for the staff console. */
  status?: Record<string, unknown>;
}

export interface LeaseGrant {
  /** The lanes it holds now, sorted. */
  lanes: string[];
  /** Each lease lasts this long unless renewed. */
  ttlMs: number;
  /** Live sidecars, this one included. */
  sidecars: number;
}

/**
 * Most sidecar entries kept (any holder of the inference key can add one, each
 * with up to 64 KiB of status): a new sidecar id beyond it is 429
 * `too_many_sidecars`. Entries not seen for {@linkcode FORGET_AFTER} are dropped.
 */
export const MAX_SIDECARS = 64;
const FORGET_AFTER = "1 day";

/** Lanes off the air cost a waiting subscriber, not analysis: no capacity limit, split evenly. */
const IDLE_CAPACITY = 1000;

export async function claimLeases(sql: Sql, ask: LeaseAsk, ttlMs: number): Promise<LeaseGrant> {
  const ttl = `${ttlMs} milliseconds`;
  return await sql.begin(async (tx) => {
    await tx`delete from inference_sidecars where seen_at < now() - ${FORGET_AFTER}::interval`;
    const [{ n, known }] = await tx<{ n: number; known: boolean }[]>`
      select count(*)::int as n, coalesce(bool_or(id = ${ask.sidecarId}), false) as known
      from inference_sidecars`;
    if (!known && n >= MAX_SIDECARS) {
      throw new DomainError(
        "too_many_sidecars",
        `${MAX_SIDECARS} inference sidecars are known already; stop one (DELETE its leases) first`,
        { retryAfter: 60 },
      );
    }
    await tx`
      insert into inference_sidecars (id, capacity, status, seen_at, expires_at)
      values (${ask.sidecarId}, ${ask.capacity}, ${tx.json((ask.status ?? {}) as never)}, now(),
              now() + ${ttl}::interval)
      on conflict (id) do update set capacity = excluded.capacity, status = excluded.status,
        seen_at = excluded.seen_at, expires_at = excluded.expires_at`;
    const wanted = (await tx<{ id: string }[]>`
      select id from lanes where enabled and id = any(${ask.lanes}::text[]) order by sort_order, id`)
      .map((r) => r.id);
    await tx`
      delete from inference_leases
      where sidecar_id = ${ask.sidecarId} and not (lane_id = any(${wanted}::text[]))`;
    await tx`
      update inference_leases set expires_at = now() + ${ttl}::interval
      where sidecar_id = ${ask.sidecarId}`;
    const others = await tx<{ capacity: number; lanes: string[] }[]>`
      select s.capacity, coalesce(array_agg(l.lane_id) filter (where l.lane_id is not null),
        '{}') as lanes
      from inference_sidecars s
      left join inference_leases l on l.sidecar_id = s.id and l.expires_at > now()
      where s.expires_at > now() and s.id <> ${ask.sidecarId}
      group by s.id, s.capacity`;
    // Lanes on the air count against the capacity; the others cost a waiting subscriber only.
    const onAir = new Set(ask.live ?? wanted);
    for (const live of [true, false]) {
      const pool = wanted.filter((id) => onAir.has(id) === live);
      const inPool = (lanes: string[]) => lanes.filter((id) => pool.includes(id)).length;
      const capacity = live ? ask.capacity : IDLE_CAPACITY;
      const held = (await heldBy(tx, ask.sidecarId, "taken")).filter((id) => pool.includes(id));
      const plan = planLeases(
        pool.length,
        { capacity, held: held.length },
        others.map((o) => ({ capacity: live ? o.capacity : IDLE_CAPACITY, held: inPool(o.lanes) })),
      );
      if (plan.release > 0) {
        // Let the lanes taken last go (in the list's order among those taken together),
        // keeping the longest-held steady.
        const drop = held.slice(-plan.release);
        await tx`
          delete from inference_leases
          where sidecar_id = ${ask.sidecarId} and lane_id = any(${drop}::text[])`;
      } else if (held.length < plan.holdUpTo) {
        await takeFree(
          tx,
          ask.sidecarId,
          pool.filter((id) => !held.includes(id)),
          plan.holdUpTo - held.length,
          ttl,
        );
      }
    }
    const held = await heldBy(tx, ask.sidecarId);
    return { lanes: [...held].sort(), ttlMs, sidecars: others.length + 1 };
  });
}

/** Takes up to `limit` of `lanes` (in order) whose lease is free or expired. */
async function takeFree(
  tx: SqlOrTx,
  sidecarId: string,
  lanes: string[],
  limit: number,
  ttl: string,
) {
  const free = (await tx<{ id: string }[]>`
    select id from unnest(${lanes}::text[]) with ordinality as w(id, n)
    where not exists (
      select 1 from inference_leases l where l.lane_id = w.id and l.expires_at > now())
    order by n limit ${limit}`).map((r) => r.id);
  for (const laneId of free) {
    await tx`
      insert into inference_leases (lane_id, sidecar_id, acquired_at, expires_at)
      values (${laneId}, ${sidecarId}, now(), now() + ${ttl}::interval)
      on conflict (lane_id) do update set sidecar_id = excluded.sidecar_id,
        acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
      where inference_leases.expires_at < now()`;
  }
}

/** A sidecar that stops: its leases and its entry go at once, for the others to take. */
export async function releaseSidecar(sql: Sql, sidecarId: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`delete from inference_leases where sidecar_id = ${sidecarId}`;
    await tx`delete from inference_sidecars where id = ${sidecarId}`;
  });
}

/** The lanes a sidecar holds, in the lanes' order or (`taken`) in the order it took them. */
async function heldBy(tx: SqlOrTx, sidecarId: string, order?: "taken"): Promise<string[]> {
  const taken = order === "taken";
  return (await tx<{ lane_id: string }[]>`
    select l.lane_id from inference_leases l join lanes on lanes.id = l.lane_id
    where l.sidecar_id = ${sidecarId} and l.expires_at > now()
    order by case when ${taken} then l.acquired_at end, lanes.sort_order, l.lane_id`)
    .map((r) => r.lane_id);
}

export interface SidecarView {
  id: string;
  capacity: number;
  live: boolean;
  seenAt: string;
  lanes: string[];
  status: Record<string, unknown>;
}

export interface LeaseOverview {
  sidecars: SidecarView[];
  /** Enabled lanes no live sidecar holds. */
  unwatched: string[];
}

/** Every sidecar seen in the last hour with its leases and last status, and the lanes nobody watches. */
export async function leaseOverview(sql: Sql): Promise<LeaseOverview> {
  const rows = await sql<
    {
      id: string;
      capacity: number;
      live: boolean;
      seen_at: Date;
      status: Record<string, unknown>;
      lanes: string[];
    }[]
  >`
    select s.id, s.capacity, s.expires_at > now() as live, s.seen_at, s.status,
      coalesce(array_agg(l.lane_id order by l.lane_id) filter (where l.lane_id is not null),
        '{}') as lanes
    from inference_sidecars s
    left join inference_leases l on l.sidecar_id = s.id and l.expires_at > now()
    where s.seen_at > now() - interval '1 hour'
    group by s.id order by s.id`;
  const unwatched = (await sql<{ id: string }[]>`
    select id from lanes where enabled and not exists (
      select 1 from inference_leases l where l.lane_id = lanes.id and l.expires_at > now())
    order by sort_order, id`).map((r) => r.id);
  return {
    sidecars: rows.map((r) => ({
      id: r.id,
      capacity: r.capacity,
      live: r.live,
      seenAt: new Date(r.seen_at).toISOString(),
      lanes: r.lanes,
      status: r.status,
    })),
    unwatched,
  };
}
