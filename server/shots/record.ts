/**
 * What happens to a shot the sidecar reports: stored once (by its id), and in
 * the same transaction its follow-ups are put in the outbox (`shot.score`:
 * the ball into the lane's session, or the shot to review; `shot.clip`: its
 * video clip, server/clips/), so nothing that
 * must follow a stored shot can be lost. When new, it is published on the
 * lane's live feed as `shot`. A retry with the same id and content answers
 * the stored shot; other content (or another lane) under that id is refused.
 * Unsure shots are stored with status "review" (reason "unsure").
 */
import { settlesAutomatically } from "../../core/shot_confidence.ts";
import type { Shot, ShotReport, ShotStatus } from "../../core/shot_report.ts";
import { DomainError } from "../../core/problem.ts";
import type { Sql } from "../db.ts";
import { enqueue } from "../outbox/store.ts";
import { insertShot } from "./repo.ts";
import { SHOT_CLIP } from "../clips/shot_clip_topic.ts";

/** Outbox topic: score a stored shot into its lane's session, or send it to review. */
export const SHOT_SCORE = "shot.score";

/** Where a new shot goes besides the database. */
export interface ShotOutlets {
  /** The lane's live feed. */
  publish?(laneId: string, event: { type: string; data: unknown }): void;
  /** Tells the outbox consumer a new row is committed. */
  wake?(): void;
}

export function shotStatus(report: ShotReport): ShotStatus {
  return settlesAutomatically(report) ? "auto" : "review";
}

export async function recordShot(
  sql: Sql,
  outlets: ShotOutlets,
  laneId: string,
  report: ShotReport,
): Promise<{ shot: Shot; created: boolean }> {
  const status = shotStatus(report);
  const digest = await reportDigest(report);
  const stored = await sql.begin(async (tx) => {
    const result = await insertShot(
      tx,
      laneId,
      report,
      status,
      digest,
      status === "review" ? "unsure" : null,
    );
    if (result.created) {
      await enqueue(tx, SHOT_SCORE, report.id, { laneId });
      await enqueue(tx, SHOT_CLIP, report.id, { laneId });
    }
    return result;
  });
  const { shot, created } = stored;
  if (!created) {
    if (shot.laneId !== laneId) {
      throw new DomainError(
        "shot_id_taken",
        `Shot "${report.id}" was reported on lane "${shot.laneId}"`,
      );
    }
    if (stored.digest !== null && stored.digest !== digest) {
      throw new DomainError(
        "shot_id_taken",
        `Shot "${report.id}" was reported before with other content`,
      );
    }
    return { shot, created };
  }
  outlets.wake?.();
  outlets.publish?.(laneId, { type: "shot", data: shot });
  return { shot, created };
}

/** sha256 (hex) of the report as JSON with its keys sorted, so key order does not matter. */
export async function reportDigest(report: ShotReport): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(sorted(report)));
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...hash].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value).sort().map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
  );
}
