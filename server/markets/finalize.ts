/**
 * The finalizer: `DISPUTE_WINDOW_S` after its (last) determination a
 * market's result is final (version + 1) and a `market` event tells its
 * lane. A disputed market waits for staff; a correction or a resolution
 * determines it again and so starts its window again. A timer in the server
 * runs {@linkcode finalizeDue}; tests call it directly.
 *
 * @example
 * ```ts ignore
 * const finalizer = startFinalizer({ sql, live, windowS: 120 });
 * await finalizer.stop();
 * ```
 * @module
 */
import { LIVE_MARKET_EVENT } from "../../core/markets.ts";
import { statesAllowing } from "../../core/market_state.ts";
import type { Sql } from "../db.ts";
import type { LiveHub } from "../live/hub.ts";
import { listMarkets } from "./repo.ts";
import { notifyBetsSettled } from "../sms/notify.ts";
import { type JobLock, runAlways } from "../jobs/job_lock.ts";

export interface FinalizerOptions {
  sql: Sql;
  live: LiveHub;
  /** DISPUTE_WINDOW_S. */
  windowS: number;
  /** How often to look (default: a tenth of the window, 1–5 s). */
  intervalMs?: number;
  /** Runs each pass (several instances: one at a time, server/jobs/job_lock.ts). */
  lock?: JobLock;
  log?: (message: string) => void;
}

/**
 * Finalizes every market determined at least `windowS` ago; how many, their
 * events sent. The bettors who asked for them get their bets' results by
 * text, queued in the same transaction (one insert for all the markets).
 */
export async function finalizeDue(o: Pick<FinalizerOptions, "sql" | "live" | "windowS">) {
  const rows = await o.sql.begin(async (tx) => {
    const rows = await tx<{ id: string }[]>`
      update markets set state = 'finalized', version = version + 1, finalized_at = now(),
        updated_at = now()
      where state = any(${statesAllowing("finalize")}::text[])
        and determined_at <= now() - ${o.windowS} * interval '1 second'
      returning id`;
    await notifyBetsSettled(tx, rows.map((r) => r.id));
    return rows;
  });
  if (!rows.length) return 0;
  const markets = await listMarkets(o.sql, { ids: rows.map((r) => r.id), limit: rows.length });
  for (const m of markets) o.live.publish(m.laneId, { type: LIVE_MARKET_EVENT, data: m });
  return rows.length;
}

/** Runs {@linkcode finalizeDue} on a timer until stopped. */
export function startFinalizer(o: FinalizerOptions): { stop(): Promise<void> } {
  const every = o.intervalMs ?? Math.min(5_000, Math.max(1_000, o.windowS * 100));
  const log = o.log ?? console.error;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => (o.lock ?? runAlways)("finalizer", () => finalizeDue(o))).catch((
      err,
    ) => log(`finalizer: ${err instanceof Error ? err.message : err}`));
  }, every);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
