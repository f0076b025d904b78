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
 * event changes nothing. Each market that suspends now also gets a
 * `market.stakes` fact: its stakes are posted before the ball lands
 * (server/markets/post_stakes.ts); the caller wakes the outbox.
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
import { enqueueStakesPost } from "./settle_topics.ts";

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
  e: { laneId: string; captureTimeMs: number },
): Promise<SuspendResult> {
  return await deps.db.sql.begin(async (tx) => {
    // A market whose rack-ready was captured after the event belongs to a later ball: untouched.
    const locked = await tx<{ id: string; state: string }[]>`
      select id, state from markets
      where lane_id = ${e.laneId}
        and (rack_capture_ms is null or rack_capture_ms <= ${e.captureTimeMs})
        and (state = 'open' or (state = 'suspended'
        and (suspend_capture_ms is null or suspend_capture_ms > ${e.captureTimeMs})
        and opened_at <= to_timestamp(${e.captureTimeMs} / 1000.0)))
      order by id
      for update`;
    if (!locked.length) return { marketIds: [], voidedBetIds: [] };
    const ids = locked.map((r) => r.id);
    const updated = await tx<{ id: string; suspend_capture_ms: string; version: number }[]>`
      update markets set
        version = version + (case when state = 'open' then 1 else 0 end),
        state = 'suspended',
        suspend_capture_ms = least(coalesce(suspend_capture_ms, ${e.captureTimeMs}), ${e.captureTimeMs}),
        suspended_at = coalesce(suspended_at, now()),
        updated_at = now()
      where id = any(${ids}::uuid[])
      returning id, suspend_capture_ms, version`;
    const cutoffs = updated.map((r) => ({
      marketId: r.id,
      cutoffMs: pastPostCutoffMs(Number(r.suspend_capture_ms), deps.config.BET_ACCEPT_DELAY_MS),
    }));
    const voidedBetIds = await voidPastPosted(tx, deps.ledger, cutoffs);
    const opened = new Set(locked.filter((m) => m.state === "open").map((m) => m.id));
    await enqueueStakesPost(tx, e.laneId, updated.filter((m) => opened.has(m.id)));
    return { marketIds: ids, voidedBetIds };
  });
}
