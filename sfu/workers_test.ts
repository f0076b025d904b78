import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { waitFor } from "../tools/system.ts";
import type { Worker } from "./mediasoup.ts";
import { WorkerPool, type WorkerPoolOptions } from "./workers.ts";

/** Enough of a mediasoup worker for the pool: a pid, `closed`, "died" and the observer's "close". */
class FakeWorker extends EventEmitter {
  static #pids = 1000;
  readonly pid = FakeWorker.#pids++;
  readonly observer = new EventEmitter();
  closed = false;

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.observer.emit("close");
  }

  /** The process is killed: what mediasoup does on the child's exit. */
  kill(): void {
    this.close();
    this.emit("died", new Error(`[pid:${this.pid}, code:null, signal:SIGKILL]`));
  }
}

/** A spawn function that fails while `failures` is above zero. */
function flakySpawn(failures: number) {
  const spawned: FakeWorker[] = [];
  let calls = 0;
  const spawn = () => {
    calls++;
    if (failures > 0) {
      failures--;
      return Promise.reject(new Error("spawn mediasoup-worker ENOENT"));
    }
    const w = new FakeWorker();
    spawned.push(w);
    return Promise.resolve(w as unknown as Worker);
  };
  return {
    spawn,
    spawned,
    get calls() {
      return calls;
    },
    failNext(n: number) {
      failures = n;
    },
  };
}

/** Runs `fn` on a pool of fake workers whose spawns `spawns` controls, with its error log captured. */
async function withPool(
  options: Partial<WorkerPoolOptions>,
  fn: (pool: WorkerPool, spawns: ReturnType<typeof flakySpawn>, errors: unknown[]) => Promise<void>,
): Promise<void> {
  const spawns = flakySpawn(0);
  const errors: unknown[] = [];
  const logError = console.error;
  console.error = (...args: unknown[]) => errors.push(args);
  const pool = await WorkerPool.create({
    logLevel: "none",
    rtcMinPort: 40000,
    rtcMaxPort: 40099,
    size: 2,
    respawnFirstMs: 5,
    respawnMaxMs: 20,
    ...options,
    spawn: spawns.spawn,
  });
  try {
    await fn(pool, spawns, errors);
  } finally {
    console.error = logError;
    pool.close();
  }
}

Deno.test("WorkerPool.acquire() places a lane on a surviving worker without waiting for the replacement", () =>
  withPool({}, async (pool, spawns) => {
    const [a, b] = spawns.spawned;
    // The replacement of `a` will not start for a long while.
    spawns.failNext(Infinity);
    a.kill();
    const slot = await pool.acquire();
    assert.equal(slot.worker as unknown, b);
    assert.equal(pool.alive.length, 1);
    assert.equal(pool.replaced, 0);
  }));

Deno.test("WorkerPool retries a replacement that cannot be started, and keeps serving on the survivor", () =>
  withPool({}, async (pool, spawns, errors) => {
    const [a, b] = spawns.spawned;
    spawns.failNext(Infinity);
    a.kill();
    await waitFor(() => pool.respawnFailures >= 3, 5_000, "three failed tries");
    // Still serving while the replacement fails.
    assert.equal((await pool.acquire()).worker as unknown, b);
    spawns.failNext(0);
    await waitFor(() => pool.replaced === 1, 5_000, "the replacement to start");
    assert.equal(spawns.calls, 2 + pool.respawnFailures + 1);
    assert.equal(pool.alive.length, 2);
    assert.ok(!pool.workers.some((s) => (s.worker as unknown) === a));
    assert.ok(errors.length >= 3, "each failed try is logged");
  }));

Deno.test("WorkerPool.acquire() with every worker dead waits for the first replacement", () =>
  withPool({}, async (pool, spawns) => {
    spawns.failNext(2);
    for (const w of [...spawns.spawned]) w.kill();
    assert.equal(pool.alive.length, 0);
    const slot = await pool.acquire();
    assert.ok(!slot.worker.closed);
    assert.equal(slot.load, 1);
  }));

Deno.test("WorkerPool.acquire() answers no_media_worker when nothing can be started in time", () =>
  withPool({ size: 1, acquireTimeoutMs: 50 }, async (pool, spawns) => {
    spawns.failNext(Infinity);
    spawns.spawned[0].kill();
    await assert.rejects(pool.acquire(), (err: Error & { code?: string; retryAfter?: number }) => {
      assert.equal(err.code, "no_media_worker");
      assert.equal(err.retryAfter, 2);
      return true;
    });
  }));
