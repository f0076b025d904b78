/** The `clip_shares` table: share links by the hash of their token. */
import type { SqlOrTx } from "../db.ts";
import { hashSecret } from "./tokens.ts";

export interface Share {
  id: string;
  shotId: string;
  laneId: string;
  createdBy: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

interface Row {
  id: string;
  shot_id: string;
  lane_id: string;
  created_by: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

const toShare = (r: Row): Share => ({
  id: r.id,
  shotId: r.shot_id,
  laneId: r.lane_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

/** Stores a share of `shotId` under `token` (hashed). */
export async function insertShare(
  sql: SqlOrTx,
  token: string,
  shotId: string,
  createdBy: string,
): Promise<Share> {
  const [row] = await sql<Row[]>`
    with s as (
      insert into clip_shares (token_hash, shot_id, created_by)
      values (${await hashSecret(token)}, ${shotId}, ${createdBy})
      returning *
    )
    select s.*, shots.lane_id from s join shots on shots.id = s.shot_id`;
  return toShare(row);
}

/** The share a token opens, revoked or not; null for an unknown token. */
export function findShare(sql: SqlOrTx, token: string): Promise<Share | null> {
  return findShareByRef(sql, { token });
}

/** How staff name a share: by its token or by its id. */
export type ShareRef = { token: string } | { id: string };

/** The column and value that find `ref` (a token by its hash). */
async function refKey(ref: ShareRef): Promise<["token_hash" | "id", string]> {
  return "token" in ref ? ["token_hash", await hashSecret(ref.token)] : ["id", ref.id];
}

/** The share `ref` names, revoked or not; null if unknown. */
export async function findShareByRef(sql: SqlOrTx, ref: ShareRef): Promise<Share | null> {
  const [column, value] = await refKey(ref);
  const [row] = await sql<Row[]>`
    select s.*, shots.lane_id from clip_shares s join shots on shots.id = s.shot_id
    where ${sql("s." + column)} = ${value}`;
  return row ? toShare(row) : null;
}

/** Revokes the live share `ref` names; null when it is unknown or already revoked. */
export async function revokeShare(
  sql: SqlOrTx,
  ref: ShareRef,
  staffId: string,
): Promise<Share | null> {
  const [column, value] = await refKey(ref);
  const [row] = await sql<Row[]>`
    update clip_shares s set revoked_at = now(), revoked_by = ${staffId}
    from shots
    where shots.id = s.shot_id and s.revoked_at is null and ${sql("s." + column)} = ${value}
    returning s.*, shots.lane_id`;
  return row ? toShare(row) : null;
}

/** A shot's shares, newest first (for staff). */
export async function listShotShares(sql: SqlOrTx, shotId: string): Promise<Share[]> {
  const rows = await sql<Row[]>`
    select s.*, shots.lane_id from clip_shares s join shots on shots.id = s.shot_id
    where s.shot_id = ${shotId} order by s.created_at desc, s.id`;
  return rows.map(toShare);
}
