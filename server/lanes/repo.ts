/**
 * Data access for lanes: plain queries in, camelCase {@linkcode Lane}s out.
 * No validation beyond what the table's constraints enforce, and no errors of
 * its own: a missing lane is `null`.
 *
 * @example
 * ```ts
 * import { createDb } from "../db.ts";
 * import { migrate } from "../migrate.ts";
 * import { ensureDefaultLanes, listLanes } from "./repo.ts";
 *
 * await using db = await createDb({ dataDir: "memory://" });
 * await migrate(db.sql);
 * await ensureDefaultLanes(db.sql, { lanes: 6, simLanes: 2 });
 * const lanes = await listLanes(db.sql); // "1".."6", the first two simulated
 * ```
 * @module
 */
import type { Sql, SqlOrTx } from "../db.ts";

export const SOURCE_KINDS = ["sim", "rtsp", "whip", "browser"] as const;
/** Where a lane's video comes from. */
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Lane geometry in the camera image; its shape belongs to core/. */
export type Calibration = Record<string, unknown>;

export interface Lane {
  id: string;
  name: string;
  sortOrder: number;
  enabled: boolean;
  /** Hidden from the public (the lane list, the grid, every public lane address). */
  hidden: boolean;
  sourceKind: SourceKind;
  sourceUrl: string | null;
  cameraKeyHash: string | null;
  calibration: Calibration | null;
  /** Publish tokens of an older epoch are refused by the SFU (see bumpPublishEpoch). */
  publishEpoch: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewLane {
  id: string;
  name: string;
  sourceKind: SourceKind;
  sortOrder?: number;
  enabled?: boolean;
  hidden?: boolean;
  sourceUrl?: string | null;
  cameraKeyHash?: string | null;
  calibration?: Calibration | null;
}

/** Fields to change; those left out keep their value, `null` clears one. */
export type LanePatch = Partial<Omit<NewLane, "id">>;

interface LaneRow {
  id: string;
  name: string;
  sort_order: number;
  enabled: boolean;
  hidden: boolean;
  source_kind: SourceKind;
  source_url: string | null;
  camera_key_hash: string | null;
  calibration: Calibration | null;
  publish_epoch: number;
  created_at: Date;
  updated_at: Date;
}

/** Patch keys and the columns they write. */
const COLUMNS = {
  name: "name",
  sortOrder: "sort_order",
  enabled: "enabled",
  hidden: "hidden",
  sourceKind: "source_kind",
  sourceUrl: "source_url",
  cameraKeyHash: "camera_key_hash",
  calibration: "calibration",
} as const satisfies Record<keyof LanePatch, keyof LaneRow>;

/** All lanes in display order. */
export async function listLanes(sql: SqlOrTx): Promise<Lane[]> {
  const rows = await sql<LaneRow[]>`select * from lanes order by sort_order, id`;
  return rows.map(toLane);
}

export async function getLane(sql: SqlOrTx, id: string): Promise<Lane | null> {
  const [row] = await sql<LaneRow[]>`select * from lanes where id = ${id}`;
  return row ? toLane(row) : null;
}

/** Inserts a lane; `null` when a lane with that id already exists. */
export async function createLane(sql: SqlOrTx, lane: NewLane): Promise<Lane | null> {
  const [row] = await sql<LaneRow[]>`
    insert into lanes (
      id, name, sort_order, enabled, hidden, source_kind, source_url, camera_key_hash, calibration
    ) values (
      ${lane.id}, ${lane.name}, ${lane.sortOrder ?? 0}, ${lane.enabled ?? true}, ${
    lane.hidden ?? false
  },
      ${lane.sourceKind}, ${lane.sourceUrl ?? null}, ${lane.cameraKeyHash ?? null},
      ${jsonOrNull(sql, lane.calibration)}
    )
    on conflict (id) do nothing
    returning *`;
  return row ? toLane(row) : null;
}

/** Changes the given fields and `updated_at`; `null` when there is no such lane. */
export async function updateLane(
  sql: SqlOrTx,
  id: string,
  patch: LanePatch,
): Promise<Lane | null> {
  const values: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(COLUMNS)) {
    const value = patch[key as keyof LanePatch];
    if (value === undefined) continue;
    values[column] = key === "calibration" ? jsonOrNull(sql, value as Calibration | null) : value;
  }
  if (Object.keys(values).length === 0) return await getLane(sql, id);
  const [row] = await sql<LaneRow[]>`
    update lanes set ${sql(values)}, updated_at = now()
    where id = ${id}
    returning *`;
  return row ? toLane(row) : null;
}

/** Ends the lane's current publish epoch (its publishers and publish tokens); the new epoch, `null` without the lane. */
export async function bumpPublishEpoch(sql: SqlOrTx, id: string): Promise<number | null> {
  const [row] = await sql<{ publish_epoch: number }[]>`
    update lanes set publish_epoch = publish_epoch + 1 where id = ${id}
    returning publish_epoch`;
  return row ? row.publish_epoch : null;
}

/** One past the highest numeric lane id, and the sort order after the last lane. */
export async function nextLaneSlot(sql: SqlOrTx): Promise<{ id: string; sortOrder: number }> {
  const [row] = await sql<{ id: number; sort_order: number }[]>`
    select
      coalesce((select max(id::bigint) from lanes where id ~ '^[0-9]{1,9}$'), 0) + 1 as id,
      coalesce((select max(sort_order) from lanes), 0) + 1 as sort_order`;
  return { id: String(row.id), sortOrder: Number(row.sort_order) };
}

export interface DefaultLanes {
  /** How many lanes to create: ids "1".."lanes", named "Lane 1".. */
  lanes: number;
  /** How many of them, from the first, are simulated; the rest are WHIP. */
  simLanes: number;
}

/**
 * On first start (no lanes at all), creates the default lanes and returns
 * them; otherwise changes nothing and returns `[]`. Safe to call from
 * processes that start together.
 */
export async function ensureDefaultLanes(
  sql: Sql,
  { lanes, simLanes }: DefaultLanes,
): Promise<Lane[]> {
  if (!Number.isInteger(lanes) || lanes < 0) {
    throw new RangeError(`Lane count must be a whole number from 0, got "${lanes}"`);
  }
  if (!Number.isInteger(simLanes) || simLanes < 0 || simLanes > lanes) {
    throw new RangeError(`Simulated lane count must be from 0 to ${lanes}, got "${simLanes}"`);
  }
  if (lanes === 0) return [];
  return await sql.begin(async (tx) => {
    // Blocks a concurrent first start until this one commits; reads go on.
    await tx`lock table lanes in exclusive mode`;
    const [{ any }] = await tx<{ any: boolean }[]>`select exists (select 1 from lanes) as any`;
    if (any) return [];
    const rows = Array.from({ length: lanes }, (_, i) => ({
      id: String(i + 1),
      name: `Lane ${i + 1}`,
      sort_order: i + 1,
      source_kind: i < simLanes ? "sim" : "whip",
    }));
    const created = await tx<LaneRow[]>`
      insert into lanes ${tx(rows)}
      returning *`;
    return created.map(toLane).sort((a, b) => a.sortOrder - b.sortOrder);
  });
}

function toLane(row: LaneRow): Lane {
  return {
    id: row.id,
    name: row.name,
    sortOrder: row.sort_order,
    enabled: row.enabled,
    hidden: row.hidden,
    sourceKind: row.source_kind,
    sourceUrl: row.source_url,
    cameraKeyHash: row.camera_key_hash,
    calibration: row.calibration,
    publishEpoch: row.publish_epoch,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** jsonb parameter, with `null`/`undefined` as SQL NULL (not JSON `null`). */
function jsonOrNull(sql: SqlOrTx, value: Calibration | null | undefined) {
  return value == null ? null : sql.json(value as Parameters<typeof sql.json>[0]);
}
