/**
 * Which API instances' analysis workers are alive, in the shared KV store
 * (keys from server/kv.ts): each worker writes its key every `everyMs` with
 * an expiry of `ttlMs`. Several instances share one job queue and one record
 * of pending second opinions (KV_PATH=postgres); an instance takes over only
 * what belongs to one whose key is gone, so a start-up sweep never fails
 * another live instance's running job or deletes the upload it holds.
 *
 * @example
 * ```ts ignore
 * const instances = createInstances(kv);
 * instances.start();
 * if (!(await instances.alive(job.runner))) fail(job);
 * ```
 * @module
 */
import { KEYS } from "../kv.ts";

export interface Instances {
  /** This process's id (new at every start). */
  readonly id: string;
  /** Whether the instance `id` is alive; a record with no instance belongs to none. */
  alive(id: string | null | undefined): Promise<boolean>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createInstances(
  kv: Deno.Kv,
  { ttlMs = 30_000, everyMs = 10_000 }: { ttlMs?: number; everyMs?: number } = {},
): Instances {
  const id = crypto.randomUUID();
  let timer: ReturnType<typeof setInterval> | undefined;
  const beat = () => kv.set(KEYS.analyzeInstance(id), { since: Date.now() }, { expireIn: ttlMs });
  return {
    id,
    async alive(other) {
      if (!other) return false;
      if (other === id) return timer !== undefined;
      return (await kv.get(KEYS.analyzeInstance(other))).value !== null;
    },
    async start() {
      await beat();
      clearInterval(timer);
      timer = setInterval(() => beat().catch(() => {}), everyMs);
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await kv.delete(KEYS.analyzeInstance(id));
    },
  };
}
