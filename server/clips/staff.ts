/**
 * What staff do with clips: keep a shot's clip past retention (or let it
 * go), and cut a custom clip of any window still in a lane's replay buffer.
 * Both are audited in the transaction of the change.
 * @module
 */
import { DomainError } from "../../core/errors.ts";
import { recordAudit } from "../audit/log.ts";
import type { AuthUser } from "../auth/guard.ts";
import type { Sql } from "../db.ts";
import { findLane } from "../lanes/find.ts";
import type { SfuClient } from "../sfu_client.ts";
import { getShot } from "../shots/repo.ts";
import { type Clip, insertClip, setKept } from "./repo.ts";
import type { Clips } from "./service.ts";

export interface Actor {
  user: AuthUser;
  requestId?: string;
}

export function unknownShot(id: string): DomainError {
  return new DomainError("unknown_shot", `Cannot find shot "${id.slice(0, 64)}"`);
}

/** Keeps (or releases) a shot's clip; the clip row is made now if the job has not made it yet. */
export async function keepShotClip(
  sql: Sql,
  clips: Pick<Clips, "shotWindow">,
  shotId: string,
  kept: boolean,
  actor: Actor,
): Promise<Clip> {
  return await sql.begin(async (tx) => {
    const shot = await getShot(tx, shotId);
    if (!shot) throw unknownShot(shotId);
    const clip = await insertClip(tx, {
      shotId: shot.id,
      laneId: shot.laneId,
      ...clips.shotWindow(shot),
    });
    const updated = await setKept(tx, clip.id, kept, actor.user.id);
    await recordAudit(tx, {
      actor: actor.user,
      action: kept ? "clip.keep" : "clip.unkeep",
      targetType: "clip",
      targetId: clip.id,
      detail: { shotId: shot.id, laneId: shot.laneId },
      requestId: actor.requestId,
    });
    return updated!;
  });
}

export interface CustomClipRequest {
  fromMs: number;
  toMs: number;
  label?: string;
}

/**
 * Queues a custom clip of a lane's window: 400 `invalid_clip_window` when it
 * ends before it starts, 400 `clip_too_long` past `maxMs`, 409
 * `replay_window_gone` when the lane's buffer does not hold all of it (or
 * the lane is not live). `maxMs` is REPLAY_MAX_CLIP_S.
 */
export async function cutCustomClip(
  deps: {
    sql: Sql;
    sfu: Pick<SfuClient, "bufferWindow">;
    clips: Pick<Clips, "worker" | "maxClipMs">;
  },
  laneId: string,
  request: CustomClipRequest,
  actor: Actor,
): Promise<Clip> {
  const maxMs = deps.clips.maxClipMs;
  const lane = await findLane(deps.sql, laneId);
  const { fromMs, toMs } = request;
  if (toMs <= fromMs) {
    throw new DomainError(
      "invalid_clip_window",
      `The clip must end after it starts (${fromMs}–${toMs})`,
    );
  }
  if (toMs - fromMs > maxMs) {
    throw new DomainError(
      "clip_too_long",
      `Clips are at most ${maxMs / 1000} s long, this one is ${(toMs - fromMs) / 1000} s`,
      { maxMs },
    );
  }
  const buffer = await deps.sfu.bufferWindow(lane.id).catch((err) => {
    if (err instanceof DomainError && err.code === "unknown_lane") return null;
    throw err;
  });
  if (!buffer || buffer.fromMs === null || buffer.toMs === null) {
    throw new DomainError(
      "replay_window_gone",
      `Lane "${lane.id}" has no video in its replay buffer`,
    );
  }
  if (fromMs < buffer.fromMs || toMs > buffer.toMs) {
    throw new DomainError(
      "replay_window_gone",
      `Lane "${lane.id}" holds ${buffer.fromMs}–${buffer.toMs}, not all of ${fromMs}–${toMs}`,
      { buffer: { fromMs: buffer.fromMs, toMs: buffer.toMs } },
    );
  }
  const clip = await deps.sql.begin(async (tx) => {
    const clip = await insertClip(tx, {
      shotId: null,
      laneId: lane.id,
      fromMs,
      toMs,
      label: request.label ?? null,
      createdBy: actor.user.id,
    });
    await recordAudit(tx, {
      actor: actor.user,
      action: "clip.cut",
      targetType: "clip",
      targetId: clip.id,
      detail: { laneId: lane.id, fromMs, toMs, label: request.label ?? null },
      requestId: actor.requestId,
    });
    return clip;
  });
  // After the commit; if this process dies first, the worker's start queues pending clips again.
  await deps.clips.worker.enqueue(clip.id);
  return clip;
}
