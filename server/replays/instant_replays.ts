/**
 * The instant replay trigger: when a lane's live `pinfall` event is accepted,
 * the SFU plays the shot's window (core/replay_window.ts, from the lane's
 * last `release`) into the lane as its replay. Called directly, not through
 * the outbox: a replay that comes late is worthless, so a failure is logged
 * and counted, never retried. The live event bus publishes each event once
 * (deduplicated by id), so a resent pinfall plays no second replay.
 *
 * @example
 * ```ts
 * const replays = startInstantReplays({ events, sfu, margins: { preMs: 1000, postMs: 1500 }, maxMs: 30_000 });
 * replays.stats; // { played, failed }
 * replays.stop();
 * ```
 */
import type { ReceivedLaneEvent } from "../../core/lane_events.ts";
import { type ReplayMargins, replayWindow } from "../../core/replay_window.ts";
import type { LiveHub } from "../live/hub.ts";
import type { LaneEvents } from "../live/lane_events.ts";
import type { SfuClient } from "../sfu_client.ts";

/**
 * The SSE event on `GET /api/lanes/{id}/live` when an instant replay starts:
 * `{ replayId, laneId, pinfallEventId, fromMs, toMs, speed, durationMs }`; the
 * player shows `/whep/{lane}/replay` (or the replay producer) for `durationMs`.
 */
export const LIVE_REPLAY_EVENT = "replay";

export interface InstantReplaysOptions {
  events: Pick<LaneEvents, "subscribe">;
  sfu: Pick<SfuClient, "playReplay">;
  /** The lanes' live feeds: each replay played is announced there as a `replay` event. */
  live?: Pick<LiveHub, "publish">;
  margins: ReplayMargins;
  /** The longest window (REPLAY_MAX_CLIP_S), ms. */
  maxMs: number;
  /** Half speed instead of real time. */
  speed?: 1 | 0.5;
}

export interface InstantReplays {
  /** Replays the SFU accepted and those it refused or could not be asked for. */
  readonly stats: { played: number; failed: number };
  /** Resolves when every replay asked for so far has been answered (for tests). */
  settled(): Promise<void>;
  stop(): void;
}

export function startInstantReplays(o: InstantReplaysOptions): InstantReplays {
  const stats = { played: 0, failed: 0 };
  /** Each lane's release of the ball in play (its best estimate of the moment, ms). */
  const releases = new Map<string, number>();
  const pending = new Set<Promise<void>>();

  function onPinfall(e: ReceivedLaneEvent): void {
    const releaseMs = releases.get(e.laneId) ?? null;
    releases.delete(e.laneId);
    const window = replayWindow({ releaseMs, pinfallMs: e.captureTimeMs }, o.margins, o.maxMs);
    const speed = o.speed ?? 1;
    const asked = o.sfu.playReplay(e.laneId, { shotId: e.id, ...window, speed })
      .then((played) => {
        stats.played++;
        const durationMs = Math.round((played.toMs - played.fromMs) / speed);
        o.live?.publish(e.laneId, {
          type: LIVE_REPLAY_EVENT,
          data: { ...played, laneId: e.laneId, pinfallEventId: e.id, speed, durationMs },
        });
      })
      .catch((err: Error) => {
        stats.failed++;
        console.warn(`lane ${e.laneId}: no instant replay of "${e.id}": ${err.message}`);
      })
      .finally(() => pending.delete(asked));
    pending.add(asked);
  }

  const unsubscribe = o.events.subscribe((e) => {
    if (e.type === "release") releases.set(e.laneId, e.atMs ?? e.captureTimeMs);
    else if (e.type === "approach" || e.type === "rack-ready") releases.delete(e.laneId);
    else if (e.type === "pinfall") onPinfall(e);
  });

  return {
    stats,
    async settled() {
      while (pending.size) await Promise.all([...pending]);
    },
    stop() {
      unsubscribe();
      releases.clear();
    },
  };
}
