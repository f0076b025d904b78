/**
 * The outbox consumer: one handler per topic, each fact consumed exactly once.
 *
 * A row is claimed (its attempt counted and a lease taken, committed on its
 * own), then, in one transaction, locked again, handed to its handler inside
 * a savepoint, and marked done — the handler's writes and `done_at` commit
 * together, so a crash anywhere re-runs the whole fact or nothing of it. A
 * handler that throws leaves no writes; the row is retried after a backoff,
 * and after `maxAttempts` it is dead (listed for staff at `GET /api/outbox`).
 * A fact claimed `maxAttempts` times without finishing (the process died
 * each time) is dead too, so a fact that crashes the server cannot loop.
 *
 * Writers call `wake()` after committing a new row; a poll every `pollMs`
 * picks up rows written by other processes and retries that came due.
 *
 * @example
 * ```ts ignore
 * const outbox = createOutboxConsumer({
 *   sql,
 *   handlers: { "shot.score": async (tx, fact) => { ...; return () => publishAfterCommit(); } },
 * });
 * outbox.start();
 * // after a writer's commit:
 * outbox.wake();
 * ```
 * @module
 */
import type postgres from "postgres";
import type { Sql } from "../db.ts";
import { createWaiter } from "../waiter.ts";
import { claimNext, lockPending, markDone, markFailed, type OutboxFact } from "./store.ts";

/**
 * Does what must follow one fact, with `tx` (the consumer's transaction: use
 * nothing else). May return a function to run after the commit (live
 * events); it must not throw.
 */
export type OutboxHandler = (
  tx: postgres.TransactionSql,
  fact: OutboxFact,
) => Promise<AfterCommit>;

/** What a handler may ask to run once its writes are committed. */
export type AfterCommit = void | (() => void);

export interface OutboxOptions {
  sql: Sql;
  handlers: Readonly<Record<string, OutboxHandler>>;
  /** Look for rows at least this often without a wake (default 1000). */
  pollMs?: number;
  /** How long a claim keeps other consumers off a row (default 30 000). */
  leaseMs?: number;
  /** Attempts before a row is dead (default 10). */
  maxAttempts?: number;
  /** Wait before the next attempt after `attempts` failed (default 1 s doubling to 5 min). */
  retryDelayMs?: (attempts: number) => number;
  log?: (message: string) => void;
  /** Told of every fact that was done, failed or died (metrics); must not throw. */
  onStep?: (fact: OutboxFact, outcome: StepOutcome) => void;
}

/** What one step did: nothing to do, the fact done, failed (retried later), dead, or held elsewhere. */
export type StepOutcome = "idle" | "done" | "failed" | "dead" | "skipped";

export interface OutboxConsumer {
  /** Starts the loop (once). */
  start(): void;
  /** Looks for rows now (call after committing one). */
  wake(): void;
  /** Claims and runs one row. */
  step(): Promise<StepOutcome>;
  /** Runs steps until none is claimable now; how many facts were done. */
  drain(): Promise<number>;
  /** Ends the loop after the step in progress. */
  stop(): Promise<void>;
}

export const OUTBOX_DEFAULTS = Object.freeze({
  pollMs: 1_000,
  leaseMs: 30_000,
  maxAttempts: 10,
  retryDelayMs: (attempts: number) => Math.min(1_000 * 2 ** (attempts - 1), 300_000),
});

export function createOutboxConsumer(options: OutboxOptions): OutboxConsumer {
  const o = { ...OUTBOX_DEFAULTS, log: console.error, ...options };
  const topics = Object.keys(o.handlers);
  let loop: Promise<void> | undefined;
  let stopped = false;
  const waiter = createWaiter();

  async function step(): Promise<StepOutcome> {
    const claimed = await claimNext(o.sql, topics, o.leaseMs);
    if (!claimed) return "idle";
    if (claimed.attempts > o.maxAttempts) {
      return await o.sql.begin(async (tx) => {
        if (!await lockPending(tx, claimed.id)) return "skipped" as const;
        const why = `Claimed ${o.maxAttempts} times without finishing (did the process die?)`;
        await markFailed(tx, claimed.id, why, 0, true);
        o.log(`outbox: ${describe(claimed)} is dead: ${why}`);
        o.onStep?.(claimed, "dead");
        return "dead" as const;
      });
    }
    const result = await o.sql.begin(async (tx): Promise<[StepOutcome, AfterCommit]> => {
      const fact = await lockPending(tx, claimed.id);
      if (!fact) return ["skipped", undefined];
      let after: AfterCommit;
      try {
        after = await tx.savepoint((sp) => o.handlers[fact.topic](sp, fact));
      } catch (err) {
        const dead = fact.attempts >= o.maxAttempts;
        const message = err instanceof Error ? err.message : String(err);
        await markFailed(tx, fact.id, message, o.retryDelayMs(fact.attempts), dead);
        o.log(
          `outbox: ${describe(fact)} failed (attempt ${fact.attempts}${
            dead ? ", dead" : ""
          }): ${message}`,
        );
        return [dead ? "dead" : "failed", undefined];
      }
      await markDone(tx, fact.id);
      return ["done", after];
    });
    const [outcome, after] = result;
    if (outcome !== "skipped") o.onStep?.(claimed, outcome);
    try {
      after?.();
    } catch (err) {
      o.log(`outbox: after ${describe(claimed)}: ${err}`);
    }
    return outcome;
  }

  async function run(): Promise<void> {
    while (!stopped) {
      let outcome: StepOutcome | "error";
      try {
        outcome = await step();
      } catch (err) {
        o.log(`outbox: ${err instanceof Error ? err.message : err}`);
        outcome = "error";
      }
      if ((outcome === "idle" || outcome === "error") && !stopped) await waiter.wait(o.pollMs);
    }
  }

  return {
    start() {
      loop ??= run();
    },
    wake: waiter.wake,
    step,
    async drain() {
      let done = 0;
      for (let outcome = await step(); outcome !== "idle"; outcome = await step()) {
        if (outcome === "done") done++;
      }
      return done;
    },
    async stop() {
      stopped = true;
      waiter.wake();
      await loop;
    },
  };
}

const describe = (f: OutboxFact) => `${f.topic} "${f.factId}" (#${f.id})`;
