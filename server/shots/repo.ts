/**
 * Data access for shots: insert once by the sidecar's id, send one to
 * review, list a lane's recent shots. Rows in, camelCase {@linkcode Shot}s out.
 */
import type { SqlOrTx } from "../db.ts";
import type { ShotMetrics } from "../../core/shot_metrics.ts";
import type { Shot, ShotReport, ShotStatus } from "../../core/shot_report.ts";

interface ShotRow {
  id: string;
  lane_id: string;
  released_at: Date;
  launch_speed_mph: number | null;
  entry_speed_mph: number | null;
  arrows_board: number | null;
  breakpoint_board: number | null;
  breakpoint_ft: number | null;
  entry_board: number | null;
  entry_angle_deg: number | null;
  standing_before: number | null;
  standing: number;
  pin_confidence: number;
  track_confidence: number;
  foul: boolean;
  foul_confidence: number | null;
  gutter: boolean;
  status: ShotStatus;
  events: Shot["events"];
  path: Shot["path"];
  pin_probabilities: number[];
  ball_model: string;
  pin_model: string;
  foul_model: string | null;
  review_reason: string | null;
  report_digest: string | null;
  created_at: Date;
}

/** Capture time of the release, else of the first event. */
export function releaseTimeMs(report: ShotReport): number {
  return (report.events.find((e) => e.type === "release") ?? report.events[0]).captureTimeMs;
}

/** A shot as stored: `digest` is the sha256 of the report first posted (null for older shots). */
export interface StoredShot {
  shot: Shot;
  created: boolean;
  digest: string | null;
}

/**
 * Inserts the shot; `created: false` (and the stored shot) when that id
 * exists already. `reviewReason` says why a "review" shot waits for staff.
 */
export async function insertShot(
  sql: SqlOrTx,
  laneId: string,
  report: ShotReport,
  status: ShotStatus,
  digest: string,
  reviewReason: string | null = null,
): Promise<StoredShot> {
  const m = report.metrics;
  const [row] = await sql<ShotRow[]>`
    insert into shots (
      id, lane_id, released_at, launch_speed_mph, entry_speed_mph, arrows_board,
      breakpoint_board, breakpoint_ft, entry_board, entry_angle_deg, standing_before,
      standing, pin_confidence, track_confidence, foul, gutter, status, events, path,
      pin_probabilities, ball_model, pin_model, foul_confidence, foul_model, report_digest,
      review_reason
    ) values (
      ${report.id}, ${laneId}, ${new Date(releaseTimeMs(report))}, ${m?.launchSpeedMph ?? null},
      ${m?.entrySpeedMph ?? null}, ${m?.arrowsBoard ?? null}, ${m?.breakpointBoard ?? null},
      ${m?.breakpointFt ?? null}, ${m?.entryBoard ?? null}, ${m?.entryAngleDeg ?? null},
      ${report.standingBefore}, ${report.standing}, ${report.pinConfidence},
      ${report.trackConfidence}, ${report.foul}, ${report.gutter}, ${status},
      ${sql.json(report.events)}, ${sql.json(report.path)}, ${sql.json(report.pinProbabilities)},
      ${report.models.ball}, ${report.models.pins}, ${report.foulConfidence},
      ${report.models.foul ?? null}, ${digest}, ${reviewReason}
    )
    on conflict (id) do nothing
    returning *`;
  if (row) return { shot: toShot(row), created: true, digest };
  const [existing] = await sql<ShotRow[]>`select * from shots where id = ${report.id}`;
  if (!existing) throw new Error(`Shot "${report.id}" vanished while being stored`);
  return { shot: toShot(existing), created: false, digest: existing.report_digest };
}

/** The shot, locked for the caller's transaction when `lock`. */
export async function getShot(sql: SqlOrTx, id: string, lock = false): Promise<Shot | null> {
  const [row] = lock
    ? await sql<ShotRow[]>`select * from shots where id = ${id} for update`
    : await sql<ShotRow[]>`select * from shots where id = ${id}`;
  return row ? toShot(row) : null;
}

/** Sends a shot to the staff review queue with the reason; the updated shot. */
export async function markForReview(sql: SqlOrTx, id: string, reason: string): Promise<Shot> {
  const [row] = await sql<ShotRow[]>`
    update shots set status = 'review', review_reason = ${reason} where id = ${id} returning *`;
  return toShot(row);
}

/** A lane's most recent shots, newest first. */
export async function listLaneShots(sql: SqlOrTx, laneId: string, limit: number): Promise<Shot[]> {
  const rows = await sql<ShotRow[]>`
    select * from shots where lane_id = ${laneId}
    order by released_at desc, id
    limit ${limit}`;
  return rows.map(toShot);
}

/** The metrics columns of a shot row. */
export type MetricsRow = Pick<
  ShotRow,
  | "launch_speed_mph"
  | "entry_speed_mph"
  | "arrows_board"
  | "breakpoint_board"
  | "breakpoint_ft"
  | "entry_board"
  | "entry_angle_deg"
>;

/** A row's metrics; null for a shot that was not tracked. */
export function metricsOf(r: MetricsRow): ShotMetrics | null {
  return r.launch_speed_mph === null ? null : {
    launchSpeedMph: r.launch_speed_mph,
    entrySpeedMph: r.entry_speed_mph!,
    arrowsBoard: r.arrows_board!,
    breakpointBoard: r.breakpoint_board!,
    breakpointFt: r.breakpoint_ft!,
    entryBoard: r.entry_board!,
    entryAngleDeg: r.entry_angle_deg!,
  };
}

function toShot(r: ShotRow): Shot {
  const metrics = metricsOf(r);
  return {
    id: r.id,
    laneId: r.lane_id,
    releasedAtMs: r.released_at.getTime(),
    status: r.status,
    reviewReason: r.review_reason,
    metrics,
    standingBefore: r.standing_before,
    standing: r.standing,
    pinProbabilities: r.pin_probabilities,
    pinConfidence: r.pin_confidence,
    trackConfidence: r.track_confidence,
    foul: r.foul,
    foulConfidence: r.foul_confidence,
    gutter: r.gutter,
    events: r.events,
    path: r.path,
    models: {
      ball: r.ball_model,
      pins: r.pin_model,
      ...(r.foul_model ? { foul: r.foul_model } : {}),
    },
    createdAt: r.created_at.toISOString(),
  };
}
