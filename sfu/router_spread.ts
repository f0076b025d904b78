/**
 * A lane whose viewers outgrow its worker: past `perWorker` viewer
 * transports on the lane's own router, new viewers are served from a router
 * on another worker of this host, fed by `pipeToRouter` — the lane's camera
 * producers (as the camera republishes, too) and its replay producer are piped
 * over under the same ids, so consuming works the same on either router.
 * Extra routers close with the lane (or with their worker: their viewers then
 * reconnect as on any worker death).
 */
import { LANE_MEDIA_CODECS, type Producer, type Router, type Worker } from "./mediasoup.ts";

export interface RouterSpreadOptions {
  main: Router;
  mainWorker: Worker;
  /** Viewer transports one router takes before the next viewer goes to another worker. */
  perWorker: number;
  /** The host's live workers, least loaded first. */
  workers: () => Worker[];
  /** The lane's producers to carry over now (camera and replay). */
  producers: () => Producer[];
}

interface Slot {
  router: Router;
  worker: Worker;
  viewers: number;
}

export class RouterSpread {
  #main: Slot;
  #extra: Slot[] = [];
  #adding: Promise<Slot | undefined> | undefined;

  constructor(readonly options: RouterSpreadOptions) {
    this.#main = { router: options.main, worker: options.mainWorker, viewers: 0 };
  }

  /** Routers serving this lane's viewers besides its own. */
  get extraRouters(): Router[] {
    return this.#extra.filter((s) => !s.router.closed).map((s) => s.router);
  }

  /** The router for the next viewer transport; `release` when that transport closes. */
  async take(): Promise<{ router: Router; release: () => void }> {
    const slot = this.#free() ?? await this.#add() ?? this.#main;
    slot.viewers++;
    return { router: slot.router, release: () => slot.viewers-- };
  }

  /** Carries a producer that went on the air over to every extra router. */
  async carry(producer: Producer): Promise<void> {
    await Promise.all(this.extraRouters.map((router) => this.#pipe(producer, router)));
  }

  close(): void {
    for (const s of this.#extra) if (!s.router.closed) s.router.close();
    this.#extra = [];
  }

  #free(): Slot | undefined {
    return [this.#main, ...this.#extra].find((s) =>
      !s.router.closed && s.viewers < this.options.perWorker
    );
  }

  /** A router on a worker this lane does not use yet; none when every worker is taken. */
  #add(): Promise<Slot | undefined> {
    this.#adding ??= (async () => {
      const taken = new Set(
        [this.#main, ...this.#extra].filter((s) => !s.router.closed).map((s) => s.worker),
      );
      const worker = this.options.workers().find((w) => !w.closed && !taken.has(w));
      if (!worker) return undefined;
      const router = await worker.createRouter({ mediaCodecs: LANE_MEDIA_CODECS });
      for (const p of this.options.producers()) await this.#pipe(p, router);
      const slot = { router, worker, viewers: 0 };
      this.#extra.push(slot);
      return slot;
    })().finally(() => this.#adding = undefined);
    return this.#adding.then((slot) => slot && this.#free());
  }

  async #pipe(producer: Producer, router: Router): Promise<void> {
    if (producer.closed || router.closed) return;
    try {
      await this.options.main.pipeToRouter({ producerId: producer.id, router });
    } catch (err) {
      // Already piped (a replay producer announced again) or closed meanwhile.
      if (!/already exists|not found/i.test((err as Error).message)) throw err;
    }
  }
}
