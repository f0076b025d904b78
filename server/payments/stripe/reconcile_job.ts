/**
 * Runs Stripe reconciliation every RECONCILE_INTERVAL_S as one job kept in
 * Deno KV (key from server/kv.ts): when it is due and how many attempts
 * failed in a row. A run claims the job by moving its due time a lease ahead
 * (an atomic check of the entry, so of several server processes one runs
 * it; one that dies mid-run frees it when the lease ends); a failed run is
 * tried again with a doubling backoff, a good one schedules the next.
 */
import { KEYS } from "../../kv.ts";
import type { StripeEventDeps } from "./events.ts";
import { type ReconcileResult, reconcileStripe } from "./reconcile.ts";

export interface ReconcileJobState {
  dueAt: number;
  /** Failed runs in a row. */
  attempts: number;
  lastError: string | null;
}

export interface ReconcileJobOptions {
  kv: Deno.Kv;
  intervalS: number;
  now?: () => number;
  log?: (line: string) => void;
  /** Delay after the `attempts`-th failure in a row (ms). */
  backoffMs?: (attempts: number) => number;
}

/** How long a claimed run holds the job before another process may take it (ms). */
const LEASE_MS = 10 * 60_000;

const defaultBackoff = (attempts: number) => Math.min(5_000 * 2 ** (attempts - 1), 10 * 60_000);

export function createReconcileJob(d: StripeEventDeps, o: ReconcileJobOptions) {
  const now = o.now ?? Date.now;
  const log = o.log ?? ((line: string) => console.log(`stripe reconcile: ${line}`));
  const backoff = o.backoffMs ?? defaultBackoff;
  const key = KEYS.stripeReconcile();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> | null = null;
  let stopped = false;

  /** Runs the job if it is due (claiming it first); what it did, or null when not due or taken. */
  async function runDue(): Promise<ReconcileResult | null> {
    const entry = await o.kv.get<ReconcileJobState>(key);
    const state = entry.value ?? { dueAt: now(), attempts: 0, lastError: null };
    if (state.dueAt > now()) return null;
    const claim = await o.kv.atomic().check(entry)
      .set(key, { ...state, dueAt: now() + LEASE_MS })
      .commit();
    if (!claim.ok) return null;
    try {
      const result = await reconcileStripe(d);
      await o.kv.set(key, { dueAt: now() + o.intervalS * 1000, attempts: 0, lastError: null });
      if (result.credited) {
        log(`credited ${result.credited} of ${result.checked} succeeded intents`);
      }
      return result;
    } catch (err) {
      const attempts = state.attempts + 1;
      const lastError = err instanceof Error ? err.message : String(err);
      await o.kv.set(key, { dueAt: now() + backoff(attempts), attempts, lastError });
      log(`failed (attempt ${attempts}): ${lastError}`);
      throw err;
    }
  }

  async function tick() {
    if (stopped) return;
    running = runDue().catch(() => {});
    await running;
    running = null;
    if (stopped) return;
    const state = (await o.kv.get<ReconcileJobState>(key)).value;
    const delay = Math.max(1_000, (state?.dueAt ?? now()) - now());
    timer = setTimeout(tick, Math.min(delay, 60_000));
  }

  return {
    runDue,
    /** The job's state in KV (null before its first run). */
    async state(): Promise<ReconcileJobState | null> {
      return (await o.kv.get<ReconcileJobState>(key)).value;
    },
    start() {
      timer = setTimeout(tick, 0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
