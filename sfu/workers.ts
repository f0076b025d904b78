/**
 * The worker pool: one mediasoup worker per core, lanes placed on the least
 * loaded one, and a dead worker replaced at once.
 */
import { createWorker, type Worker, type WorkerOptions } from "./mediasoup.ts";

export interface WorkerPoolOptions extends WorkerOptions {
  size: number;
}

export interface PooledWorker {
  worker: Worker;
  /** Lanes currently placed on this worker. */
  load: number;
}

export class WorkerPool {
  #options: WorkerPoolOptions;
  #slots: PooledWorker[] = [];
  #closed = false;
  #replacing: Promise<void>[] = [];
  /** Workers that died and were replaced, for /metrics. */
  replaced = 0;

  private constructor(options: WorkerPoolOptions) {
    this.#options = options;
  }

  static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    for (let i = 0; i < options.size; i++) {
      pool.#slots.push({ worker: await pool.#spawn(i), load: 0 });
    }
    return pool;
  }

  get workers(): readonly PooledWorker[] {
    return this.#slots;
  }

  /** The live worker with the fewest lanes; its load counts the caller's lane. */
  async acquire(): Promise<PooledWorker> {
    if (this.#replacing.length) await Promise.all(this.#replacing);
    const alive = this.#slots.filter((s) => !s.worker.closed);
    if (!alive.length) throw new Error("No mediasoup worker is running");
    const slot = alive.reduce((a, b) => (b.load < a.load ? b : a));
    slot.load++;
    return slot;
  }

  release(worker: Worker): void {
    const slot = this.#slots.find((s) => s.worker === worker);
    if (slot && slot.load > 0) slot.load--;
  }

  close(): void {
    this.#closed = true;
    for (const s of this.#slots) s.worker.close();
  }

  async #spawn(index: number): Promise<Worker> {
    const worker = await createWorker(this.#options);
    worker.on("died", (error: Error) => {
      if (this.#closed) return;
      console.error(`mediasoup worker ${worker.pid} died: ${error.message}; replacing it`);
      const replacing = this.#spawn(index).then((fresh) => {
        this.#slots[index] = { worker: fresh, load: 0 };
        this.replaced++;
      }).finally(() => {
        this.#replacing = this.#replacing.filter((p) => p !== replacing);
      });
      this.#replacing.push(replacing);
    });
    return worker;
  }
}
