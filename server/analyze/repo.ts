/** Finished video analyses in PostgreSQL (`video_analyses`), read by their owner or staff. */
import type { VideoAnalysis } from "../../core/video_analysis.ts";
import type { SqlOrTx } from "../db.ts";

export interface StoredAnalysis {
  id: string;
  userId: string;
  laneId: string | null;
  result: VideoAnalysis;
  createdAt: Date;
}

export async function saveAnalysis(
  sql: SqlOrTx,
  a: { id: string; userId: string; laneId: string | null; result: VideoAnalysis },
): Promise<void> {
  await sql`
    insert into video_analyses (id, user_id, lane_id, result)
    values (${a.id}, ${a.userId}, ${a.laneId}, ${sql.json(a.result as never)})
    on conflict (id) do nothing`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getAnalysis(sql: SqlOrTx, id: string): Promise<StoredAnalysis | null> {
  if (!UUID.test(id)) return null;
  const [row] = await sql<StoredAnalysis[]>`
    select id, user_id as "userId", lane_id as "laneId", result, created_at as "createdAt"
    from video_analyses where id = ${id}`;
  return row ?? null;
}
