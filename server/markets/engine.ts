/**
 * The markets engine of a running server: it listens to the AI's live lane
 * events and to the lanes' score sheets and keeps each lane's markets in
 * step, one lane's work at a time and in arrival order.
 *
 * - `rack-ready` → the turn's markets open (server/markets/open_markets.ts).
 * - `approach`, or `release` → the lane's open markets suspend and the
 *   past-posting sweep runs (server/markets/suspend.ts). One captured before
 *   the `rack-ready` that opened a market (`rack_capture_ms`, same camera
 *   clock) was a previous ball's, arriving late: it leaves that market alone.
 * - A lane's `session` sheet (a session opened, a ball recorded or corrected,
 *   a bowler added or removed, a close) → markets of a ball that will not be
 *   thrown now are voided, and the turn's markets open **when the lane is
 *   idle**: the AI's last word on it is `rack-ready`, or it has said nothing
 *   yet (manual play, or the sidecar is down), or its last event is older than
 *   {@linkcode IDLE_AFTER_MS}. While a ball is in play (approach, release,
 *   pinfall) nothing opens: the coming `rack-ready` does that.
 *
 * After each change commits, the changed markets go to the lane as `market`
 * events and each voided bet (with its wallet) to its bettor.
 *
 * @example
 * ```ts ignore
 * const engine = startMarketsEngine(deps);
 * await engine.idle(); // tests: wait until queued work is done
 * await engine.stop();
 * ```
 * @module
 */
import { SESSION_EVENT } from "../../core/session_sheet.ts";
import type { ReceivedLaneEvent } from "../../core/lane_events.ts";
import type { LaneEvents } from "../live/lane_events.ts";
import type { LiveHub } from "../live/hub.ts";
import { type OpenDeps, syncLaneMarkets } from "./open_markets.ts";
import { publishBets, type PublishDeps, publishMarkets } from "./publish.ts";
import { type SuspendDeps, suspendForEvent } from "./suspend.ts";

/** A lane whose last AI event is older than this counts as idle (the AI went quiet mid-ball). */
export const IDLE_AFTER_MS = 60_000;

export type EngineDeps = OpenDeps & SuspendDeps & PublishDeps & {
  live: LiveHub;
  laneEvents: LaneEvents;
  /** Woken after a suspension enqueued its stakes' posting. */
  outbox?: { wake(): void };
};

export interface MarketsEngine {
  /** Resolves once every queued job (of every lane) has finished. */
  idle(): Promise<void>;
  /** Stops listening and waits for queued work. */
  stop(): Promise<void>;
}

/** Whether markets may open on a lane's sheet change now (see the module doc). */
export function laneIsIdle(events: LaneEvents, laneId: string, now = Date.now()): boolean {
  const state = events.state(laneId);
  if (!state || state.phase === "rack-ready") return true;
  return now - state.event.receivedAtMs > IDLE_AFTER_MS;
}

export function startMarketsEngine(deps: EngineDeps): MarketsEngine {
  const queues = new Map<string, Promise<void>>();

  function enqueue(laneId: string, job: () => Promise<void>): void {
    const next = (queues.get(laneId) ?? Promise.resolve()).then(job).catch((err) =>
      console.error(`markets: lane "${laneId}" job failed`, err)
    );
    queues.set(laneId, next);
    next.finally(() => {
      if (queues.get(laneId) === next) queues.delete(laneId);
    });
  }

  async function announce(marketIds: string[], betIds: string[]) {
    await publishMarkets(deps, marketIds);
    await publishBets(deps, betIds);
  }

  const sync = (
    laneId: string,
    o: { open: boolean; rackStanding?: number; rackCaptureMs?: number },
  ) =>
  async () => {
    const r = await syncLaneMarkets(deps, laneId, o);
    if (o.rackCaptureMs !== undefined) {
      // The first rack-ready of the turn's open markets (opened now or by the sheet before):
      // an approach captured before it was a previous ball's (server/markets/suspend.ts).
      await deps.db.sql`
        update markets set rack_capture_ms = ${o.rackCaptureMs}
        where lane_id = ${laneId} and state = 'open' and rack_capture_ms is null`;
    }
    await announce([...r.changed, ...r.opened], r.voidedBetIds);
  };

  function onLaneEvent(e: ReceivedLaneEvent) {
    if (e.type === "rack-ready") {
      enqueue(
        e.laneId,
        sync(e.laneId, { open: true, rackStanding: e.standing, rackCaptureMs: e.captureTimeMs }),
      );
    } else if (e.type === "approach" || e.type === "release") {
      enqueue(e.laneId, async () => {
        const r = await suspendForEvent(deps, { laneId: e.laneId, captureTimeMs: e.captureTimeMs });
        if (r.marketIds.length) deps.outbox?.wake();
        await announce(r.marketIds, r.voidedBetIds);
      });
    }
  }

  const stopEvents = deps.laneEvents.subscribe(onLaneEvent);
  // Only sheets this instance published: with several instances on one live bus, the one that
  // changed a sheet keeps its markets in step, and the others do not do it again.
  const stopSheets = deps.live.subscribeAll((channel, event) => {
    if (event.type !== SESSION_EVENT) return;
    enqueue(channel, () => sync(channel, { open: laneIsIdle(deps.laneEvents, channel) })());
  }, { origin: "local" });

  const idle = async () => {
    while (queues.size) await Promise.all(queues.values());
  };
  return {
    idle,
    async stop() {
      stopEvents();
      stopSheets();
      await idle();
    },
  };
}
