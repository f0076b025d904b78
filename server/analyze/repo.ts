/** Finished video analyses in PostgreSQL (`video_analyses`), read by their owner or staff. */
import type { SecondOpinionState, VideoAnalysis, VideoLabel } from "../../core/video_analysis.ts";
import type { SqlOrTx } from "../db.ts";
import type { LaneBall } from "./lane_ball.ts";

export interface StoredAnalysis {
  id: string;
  userId: string;
  laneId: string | null;
  /** The lane ball the video shows, when staff attached it to one. */
  ball: LaneBall | null;
  result: VideoAnalysis;
  createdAt: Date;
}

export async function saveAnalysis(
  sql: SqlOrTx,
  a: {
    id: string;
    userId: string;
    laneId: string | null;
    ball?: LaneBall | null;
    result: VideoAnalysis;
  },
): Promise<void> {
  const b = a.ball ?? null;
  await sql`
    insert into video_analyses (id, user_id, lane_id, session_id, bowler_id, frame, ball, result)
    values (${a.id}, ${a.userId}, ${a.laneId}, ${b?.sessionId ?? null}, ${b?.bowlerId ?? null},
            ${b?.frame ?? null}, ${b?.ball ?? null}, ${sql.json(a.result as never)})
    on conflict (id) do nothing`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getAnalysis(sql: SqlOrTx, id: string): Promise<StoredAnalysis | null> {
  if (!UUID.test(id)) return null;
  const [row] = await sql<(Omit<StoredAnalysis, "ball"> & Partial<LaneBall>)[]>`
    select id, user_id as "userId", lane_id as "laneId", result, created_at as "createdAt",
      session_id as "sessionId", bowler_id as "bowlerId", frame, ball
    from video_analyses where id = ${id}`;
  if (!row) return null;
  const { sessionId, bowlerId, frame, ball, ...rest } = row;
  return {
    ...rest,
    ball: sessionId && bowlerId && frame && ball ? { sessionId, bowlerId, frame, ball } : null,
  };
}

/**
 * Adds what the second opinion said to a stored analysis: its labels join
 * Lanecast's (each with its `source`), and `second_opinion` records the
 * outcome. One statement, so a reader sees the result before or after; only
 * once (a result whose second opinion is no longer pending is left alone).
 */
export async function addSecondOpinion(
  sql: SqlOrTx,
  id: string,
  opinion: { labels: VideoLabel[]; model: string | null } | { error: string },
): Promise<void> {
  const labels = "labels" in opinion ? opinion.labels : [];
  const state: SecondOpinionState = "labels" in opinion
    ? { state: "done", model: opinion.model }
    : { state: "failed", error: opinion.error };
  await sql`
    update video_analyses
    set result = jsonb_set(
      jsonb_set(result, '{labels}', coalesce(result->'labels', '[]'::jsonb) || ${
    sql.json(labels as never)
  }::jsonb),
      '{second_opinion}', ${sql.json(state as never)}::jsonb)
    where id = ${id} and result->'second_opinion'->>'state' = 'pending'`;
}
