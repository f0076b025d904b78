/**
 * Suspension by the AI: a lane's `approach` (or `release`, when no approach
 * was seen) suspends its open markets, and the past-posting sweep voids, in
 * the same transaction, every bet placed at or after the cutoff (the event's
 * capture time shifted by `BET_ACCEPT_DELAY_MS`). The market rows are locked
 * `FOR UPDATE` in ascending id order, so the suspension waits for bets in
 * flight (they hold the rows `FOR KEY SHARE`) and bets after it see
 * "suspended". An event that arrives late — the markets already suspended by
 * staff, or by an approach and now a release, or by a later event — moves the
 * cutoff to the earliest suspending capture time and sweeps again; a later
 * event changes nothing.
 *
 * @example
 * ```ts ignore
 * const { marketIds, voidedBetIds } = await suspendForEvent(deps, { laneId: "3", captureTimeMs });
 * ```
 * @module
 */
import { pastPostCutoffMs } from "../../core/past_post.ts";
import type { Sql } from "../db.ts";
import type { Ledger } from "../ledger/ledger.ts";
import { voidPastPosted } from "./bet_voids.ts";

export interface SuspendDeps {
  db: { sql: Sql };
  ledger: Ledger;
  config: { BET_ACCEPT_DELAY_MS: number };
}

export interface SuspendResult {
  /** Markets whose state or cutoff changed. */
  marketIds: string[];
  /** Bets the sweep voided as past-posted. */
  voidedBetIds: string[];
}

/**
 * Suspends the lane's open markets at `captureTimeMs` and sweeps past-posted
 * bets; also moves an earlier cutoff onto already suspended markets of the
 * lane that opened before the event (staff-suspended ones have none yet).
 */
export async function suspendForEvent(
  deps: SuspendDeps,
  e: {
    laneId: string;
    captureTimeMs: number;
    /** Captured before the lane's last rack-ready: it was a previous ball's, so open markets (the next ball's) are left alone. */
    beforeRack?: boolean;
  },
): Promise<SuspendResult> {
  const openToo = !e.beforeRack;
  return await deps.db.sql.begin(async (tx) => {
    const locked = await tx<{ id: string }[]>`
      select id from markets
      where lane_id = ${e.laneId} and ((state = 'open' and ${openToo}) or (state = 'suspended'
        and (suspend_capture_ms is null or suspend_capture_ms > ${e.captureTimeMs})
        and opened_at <= to_timestamp(${e.captureTimeMs} / 1000.0)))
      order by id
      for update`;
    if (!locked.length) return { marketIds: [], voidedBetIds: [] };
    const ids = locked.map((r) => r.id);
    const updated = await tx<{ id: string; suspend_capture_ms: string }[]>`
      update markets set
        version = version + (case when state = 'open' then 1 else 0 end),
        state = 'suspended',
        suspend_capture_ms = least(coalesce(suspend_capture_ms, ${e.captureTimeMs}), ${e.captureTimeMs}),
        suspended_at = coalesce(suspended_at, now()),
        updated_at = now()
      where id = any(${ids}::uuid[])
      returning id, suspend_capture_ms`;
    const cutoffs = updated.map((r) => ({
      marketId: r.id,
      cutoffMs: pastPostCutoffMs(Number(r.suspend_capture_ms), deps.config.BET_ACCEPT_DELAY_MS),
    }));
    const voidedBetIds = await voidPastPosted(tx, deps.ledger, cutoffs);
    return { marketIds: ids, voidedBetIds };
  });
}
