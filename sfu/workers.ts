/**
 * The worker pool: one mediasoup worker per core, lanes placed on the least
 * loaded live one. A dead worker is replaced in the background: lanes never
 * wait for the replacement while another worker is alive (the lane rooms move
 * to a survivor at once), and a replacement that cannot be started is retried
 * with backoff, never fatal, while the survivors keep serving.
 */
import { DomainError } from "../core/errors.ts";
import { createWorker, type Worker, type WorkerOptions } from "./mediasoup.ts";

export interface WorkerPoolOptions extends WorkerOptions {
  size: number;
  /** Starts one worker. Default: mediasoup's `createWorker`; tests inject failures here. */
  spawn?: (options: WorkerOptions) => Promise<Worker>;
  /** Delay before the second try at replacing a dead worker (the first is at once), doubling. Default: 250 ms. */
  respawnFirstMs?: number;
  /** Longest delay between tries at replacing a dead worker. Default: 10000 ms. */
  respawnMaxMs?: number;
  /** How long `acquire()` waits for a replacement when no worker is alive. Default: 10000 ms. */
  acquireTimeoutMs?: number;
}

type PoolDefaults = Required<
  Pick<WorkerPoolOptions, "respawnFirstMs" | "respawnMaxMs" | "acquireTimeoutMs">
>;

export const WORKER_POOL_DEFAULTS: Readonly<PoolDefaults> = Object.freeze({
  respawnFirstMs: 250,
  respawnMaxMs: 10_000,
  acquireTimeoutMs: 10_000,
});

export interface PooledWorker {
  worker: Worker;
  /** Lanes currently placed on this worker. */
  load: number;
}

export class WorkerPool {
  #options: WorkerPoolOptions & PoolDefaults;
  #slots: PooledWorker[] = [];
  #closed = false;
  /** Woken whenever a replacement joins the pool. */
  #waiters = new Set<() => void>();
  #timers = new Set<ReturnType<typeof setTimeout>>();
  /** Workers that died and were replaced, for /metrics. */
  replaced = 0;
  /** Tries at starting a replacement that failed, for /metrics. */
  respawnFailures = 0;

  private constructor(options: WorkerPoolOptions) {
    this.#options = { ...WORKER_POOL_DEFAULTS, ...options };
  }

  /** Starts `size` workers; a worker that cannot start at boot is fatal (fail fast). */
  static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    try {
      for (let i = 0; i < options.size; i++) {
        pool.#slots.push({ worker: await pool.#start(i), load: 0 });
      }
    } catch (err) {
      pool.close();
      throw err;
    }
    return pool;
  }

  get workers(): readonly PooledWorker[] {
    return this.#slots;
  }

  /** Workers running now. */
  get alive(): PooledWorker[] {
    return this.#slots.filter((s) => !s.worker.closed);
  }

  /**
   * The live worker with the fewest lanes; its load counts the caller's lane.
   * Waits for a replacement only when no worker is alive at all.
   */
  async acquire(): Promise<PooledWorker> {
    const deadline = Date.now() + this.#options.acquireTimeoutMs;
    while (!this.#closed) {
      const alive = this.alive;
      if (alive.length) {
        const slot = alive.reduce((a, b) => (b.load < a.load ? b : a));
        slot.load++;
        return slot;
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      await this.#nextWorker(left);
    }
    throw new DomainError(
      "no_media_worker",
      "No media worker is running right now",
      { retryAfter: 2 },
    );
  }

  release(worker: Worker): void {
    const slot = this.#slots.find((s) => s.worker === worker);
    if (slot && slot.load > 0) slot.load--;
  }

  close(): void {
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    for (const wake of this.#waiters) wake();
    for (const s of this.#slots) s.worker.close();
  }

  async #start(index: number): Promise<Worker> {
    const { spawn = createWorker, logLevel, rtcMinPort, rtcMaxPort } = this.#options;
    const worker = await spawn({ logLevel, rtcMinPort, rtcMaxPort });
    worker.on("died", (error: Error) => {
      if (this.#closed) return;
      console.error(`mediasoup worker ${worker.pid} died: ${error.message}; replacing it`);
      void this.#replace(index);
    });
    return worker;
  }

  /** Starts a worker in slot `index`, trying again with backoff until it runs or the pool closes. */
  async #replace(index: number): Promise<void> {
    let delay = this.#options.respawnFirstMs;
    while (!this.#closed) {
      try {
        const fresh = await this.#start(index);
        if (this.#closed) {
          fresh.close();
          return;
        }
        this.#slots[index] = { worker: fresh, load: 0 };
        this.replaced++;
        for (const wake of this.#waiters) wake();
        return;
      } catch (err) {
        this.respawnFailures++;
        console.error(
          `cannot start a mediasoup worker (${(err as Error).message}); ` +
            `${this.alive.length} still running, trying again in ${delay} ms`,
        );
      }
      await this.#sleep(delay);
      delay = Math.min(delay * 2, this.#options.respawnMaxMs);
    }
  }

  #nextWorker(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.#waiters.delete(wake);
        clearTimeout(timer);
        this.#timers.delete(timer);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      this.#timers.add(timer);
      this.#waiters.add(wake);
    });
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }
}
