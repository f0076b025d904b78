/**
 * The sidecar's persistent outbox: everything it must deliver to the server
 * (shots now; anything else that must arrive) is written to the journal on
 * disk first, then sent in the order written, one at a time (a session scores
 * balls in the order they arrive), and retried with backoff until the server
 * confirms. Only a confirmation removes an item: a 2xx, or a final refusal
 * (400, 404, 409, 410, 413, 415, 422), which is logged and parked beside the
 * journal instead of being retried forever. Anything else (no answer, 5xx,
 * 401/403 while keys are sorted out, 408, 429) is retried. Items written
 * before a restart are sent after it.
 *
 * @example
 * ```ts ignore
 * const outbox = await createDeliveryOutbox({
 *   path: "./data/inference/outbox.jsonl",
 *   send: (item) => server.post(item.path, item.body),
 * });
 * await outbox.enqueue({ id: `shot:${shot.id}`, path: `/api/inference/lanes/1/shots`, body: shot });
 * ```
 * @module
 */
import { type DeliveryItem, DeliveryJournal } from "./journal.ts";

export type { DeliveryItem };

export interface DeliveryOptions {
  /** The journal file. */
  path: string;
  /** Posts one item; throws when the server cannot be reached. */
  send(item: DeliveryItem): Promise<Response>;
  /** Called once the server confirmed an item (2xx). */
  onDelivered?(item: DeliveryItem, status: number): void;
  /** First wait after a failure, doubled each time up to `maxRetryMs` (defaults 500 and 30 000). */
  retryMs?: number;
  maxRetryMs?: number;
  log?: (message: string) => void;
}

export interface DeliveryOutbox {
  /** Writes the item to disk, then sends it in turn; resolves once it is on disk. */
  enqueue(item: DeliveryItem): Promise<void>;
  /** How many items wait for a confirmation. */
  readonly pending: number;
  /** Resolves when nothing is pending (for tests and orderly shutdowns). */
  idle(): Promise<void>;
  /** Stops sending; what is pending stays in the journal for the next start. */
  stop(): Promise<void>;
}

/** Refusals that will not change on a retry: the item is parked, not sent again. */
export const FINAL_STATUSES: ReadonlySet<number> = new Set([400, 404, 409, 410, 413, 415, 422]);

export async function createDeliveryOutbox(o: DeliveryOptions): Promise<DeliveryOutbox> {
  const journal = await DeliveryJournal.open(o.path);
  const log = o.log ?? console.error;
  const baseMs = o.retryMs ?? 500;
  const maxMs = o.maxRetryMs ?? 30_000;
  let stopped = false;
  let kick: (() => void) | null = null;
  const idlers: (() => void)[] = [];
  const recovered = journal.pending().length;
  if (recovered) log(`delivery: ${recovered} item(s) from before the restart to send`);

  async function deliver(item: DeliveryItem): Promise<"done" | "parked" | "retry"> {
    let res: Response;
    try {
      res = await o.send(item);
    } catch (err) {
      log(`delivery: ${item.id} not sent: ${err instanceof Error ? err.message : err}`);
      return "retry";
    }
    const text = res.ok ? "" : (await res.text().catch(() => "")).slice(0, 300);
    if (res.ok) await res.body?.cancel();
    if (res.ok) {
      await journal.settle(item.id, "done");
      o.onDelivered?.(item, res.status);
      return "done";
    }
    if (FINAL_STATUSES.has(res.status)) {
      await journal.settle(item.id, "parked");
      log(`delivery: ${item.id} refused for good (${res.status}), parked: ${text}`);
      return "parked";
    }
    log(`delivery: ${item.id} not taken yet (${res.status}): ${text}`);
    return "retry";
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (!stopped) {
      const [head] = journal.pending();
      if (!head) {
        for (const resolve of idlers.splice(0)) resolve();
        await wait(Infinity);
        continue;
      }
      const outcome = await deliver(head);
      if (outcome !== "retry") {
        failures = 0;
        continue;
      }
      failures++;
      await wait(Math.min(baseMs * 2 ** (failures - 1), maxMs));
    }
  }

  /** Sleeps `ms` or until kicked (a new item, or stop). */
  function wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(resolve, ms) : undefined;
      kick = () => {
        clearTimeout(timer);
        kick = null;
        resolve();
      };
    });
  }

  const loop = run();
  return {
    async enqueue(item) {
      await journal.add(item);
      kick?.();
    },
    get pending() {
      return journal.pending().length;
    },
    idle() {
      if (!journal.pending().length) return Promise.resolve();
      return new Promise((resolve) => idlers.push(resolve));
    },
    async stop() {
      stopped = true;
      kick?.();
      await loop;
      journal.close();
    },
  };
}
