/**
 * Outbox topic `shot.clip`: written in the transaction that records a shot
 * (server/shots/record.ts), so the fact that a shot needs a clip is as
 * durable as the shot. Its handler makes the shot's clip row (pending, with
 * the shot's replay window) and queues the clip job in KV before the
 * outbox's commit; both are idempotent, so a handler re-run after a failed
 * commit changes nothing. A job that runs before the row commits waits for
 * it (retries); one whose row never commits gives up without effect, and the
 * re-run queues a job for the row that does.
 * @module
 */
import { type ReplayMargins, replayWindow } from "../../core/replay_window.ts";
import type { Shot } from "../../core/shot_report.ts";
import type { OutboxHandler } from "../outbox/consumer.ts";
import { getShot } from "../shots/repo.ts";
import { insertClip } from "./repo.ts";
import type { Clips } from "./service.ts";

/** Outbox topic: cut a recorded shot's clip. */
export const SHOT_CLIP = "shot.clip";

/**
 * The capture-time window of a shot's clip: its release (if seen) to its
 * pinfall (or last event), with the replay margins, at most `maxMs` long.
 */
export function shotClipWindow(
  shot: Pick<Shot, "events">,
  margins?: ReplayMargins,
  maxMs?: number,
): { fromMs: number; toMs: number } {
  const at = (type: string) => shot.events.find((e) => e.type === type)?.captureTimeMs ?? null;
  const last = Math.max(...shot.events.map((e) => e.captureTimeMs));
  return replayWindow(
    { releaseMs: at("release"), pinfallMs: at("pinfall") ?? last },
    margins,
    maxMs,
  );
}

export function shotClipHandler(clips: Pick<Clips, "worker" | "shotWindow">): OutboxHandler {
  return async (tx, fact) => {
    const shot = await getShot(tx, fact.factId);
    if (!shot) return;
    const clip = await insertClip(tx, {
      shotId: shot.id,
      laneId: shot.laneId,
      ...clips.shotWindow(shot),
    });
    if (clip.state !== "pending") return;
    await clips.worker.queue.enqueue(clip.id);
    return () => clips.worker.wake();
  };
}
