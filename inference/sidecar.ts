/**
 * The inference sidecar: watches every live lane through the SFU, runs the
 * models over the newest frame of each lane in batched rounds, sends each
 * live event (approach, release, pinfall, rack-ready) over the event socket
 * as it happens, and delivers each shot to the server through its persistent
 * outbox (on disk before it is sent, retried until the server confirms, kept
 * across restarts). Several sidecars share the lanes by leases (a
 * {@linkcode LeaseKeeper}): it watches the lanes listed by the server that it
 * holds, up to its capacity on the air. When the CPU is short, the
 * {@linkcode FrameScheduler} keeps lanes in a shot at full rate and thins
 * idle ones, and a {@linkcode CapacityController} learns how many lanes it
 * can watch: when too many frames of lanes in a shot are dropped it lowers
 * its capacity and hands a lane back for another sidecar. `status()` tells
 * frames, drops and shots per lane; `summary()` the sidecar (id, capacity and
 * why, provider, lanes held); `eventStats()` the event
 * channel's counts.
 */
import type { LaneEvent } from "../core/lane_events.ts";
import { Analyzer } from "./analyzer.ts";
import type { InferenceConfig } from "./config.ts";
import { EventChannel, type EventChannelStats } from "./events/event_channel.ts";
import type { ShotReport } from "./events/shot_report.ts";
import { FrameScheduler } from "./intake/frame_scheduler.ts";
import { LaneDirectory } from "./intake/lane_directory.ts";
import { LeaseKeeper } from "./intake/lease_keeper.ts";
import { maxLanes, type Provider, providerOf } from "./capacity.ts";
import { CapacityController } from "./capacity_controller.ts";
import { LaneIntake } from "./intake/lane_intake.ts";
import { ServerClient } from "./intake/server_client.ts";
import { type LoadedModels, loadModels } from "./model_loader.ts";
import { createDeliveryOutbox, type DeliveryOutbox } from "./delivery/outbox.ts";
import { warmUpModels } from "./model_warmup.ts";

export interface LaneStatus {
  state: string;
  connects: number;
  received: number;
  dropped: number;
  /** Frames let go on purpose while the sidecar was behind (the lane idle). */
  thinned: number;
  analysed: number;
  /** In a shot (approach to pinfall): analysed at full rate. */
  busy: boolean;
  shots: number;
  stampedFrames: number;
  delayMs: number;
}

/** The sidecar as a whole, for GET /status and the staff console. */
export interface SidecarSummary {
  sidecarId: string;
  provider: Provider;
  /** Lanes on the air it takes at most now (learned: see inference/capacity_controller.ts). */
  capacity: number;
  /** The most it may take (INFERENCE_MAX_LANES or its provider's default). */
  capacityLimit: number;
  /** Why the capacity is what it is. */
  capacityReason: string;
  /** Share of the frames of lanes in a shot dropped over the last window (null: too few). */
  busyDropShare: number | null;
  /** Lanes it holds a lease on, and live sidecars at the last renewal. */
  held: string[];
  sidecars: number;
  /** Whether idle lanes are being thinned, and the mean analysis round (ms). */
  behind: boolean;
  roundMs: number;
}

export interface SidecarOptions {
  config: Readonly<InferenceConfig>;
  key: string;
  log?: (msg: string) => void;
  /** Called with every shot once the server has it. */
  onShot?: (laneId: string, shot: ShotReport) => void;
  /** Called with every live event as it is sent. */
  onEvent?: (event: LaneEvent) => void;
}

export class Sidecar {
  readonly models: LoadedModels;
  readonly #o: SidecarOptions;
  readonly #server: ServerClient;
  readonly #intakes = new Map<string, LaneIntake>();
  readonly #shots = new Map<string, number>();
  readonly #analyzer: Analyzer;
  readonly #events: EventChannel;
  #directory?: LaneDirectory;
  #wake: (() => void) | null = null;
  #stopped = false;
  #loop?: Promise<void>;
  #posting = new Set<Promise<unknown>>();
  #outbox?: DeliveryOutbox;
  #leases?: LeaseKeeper;
  readonly #scheduler: FrameScheduler;
  readonly sidecarId: string;
  readonly provider: Provider;
  readonly #capacity: CapacityController;
  #capacityCheckedAt = 0;

  private constructor(o: SidecarOptions, models: LoadedModels) {
    this.#o = o;
    this.models = models;
    this.sidecarId = o.config.INFERENCE_ID ?? `${Deno.hostname()}-${Deno.pid}`;
    this.provider = providerOf(models);
    const configured = o.config.INFERENCE_MAX_LANES;
    this.#capacity = new CapacityController({
      limit: maxLanes(configured, this.provider),
      limitReason: configured === undefined
        ? `the default for ${this.provider}`
        : "INFERENCE_MAX_LANES",
    });
    this.#scheduler = new FrameScheduler({ idleGapMs: o.config.INFERENCE_IDLE_GAP_MS });
    this.#server = new ServerClient(o.config.SERVER_URL, o.key);
    this.#events = new EventChannel({
      url: `${o.config.SERVER_URL.replace(/\/$/, "").replace(/^http/, "ws")}/api/inference/events`,
      key: o.key,
      log: o.log,
    });
    this.#analyzer = new Analyzer(
      models,
      (laneId, shot) => this.#post(laneId, shot),
      (event) => {
        this.#events.send(event);
        o.onEvent?.(event);
      },
    );
  }

  /** What the live event channel has sent, had acknowledged, resent… */
  eventStats(): EventChannelStats {
    return { ...this.#events.stats, pending: this.#events.pending };
  }

  /** Lanes on the air it takes now. */
  get capacity(): number {
    return this.#capacity.capacity;
  }

  /** Items written to the outbox and not yet confirmed by the server. */
  get undelivered(): number {
    return this.#outbox?.pending ?? 0;
  }

  static async start(o: SidecarOptions): Promise<Sidecar> {
    // The classic ball detector asks the analyzer for each lane's geometry.
    const ref: { sidecar?: Sidecar } = {};
    const models = await loadModels(
      (id) => (ref.sidecar ? ref.sidecar.#analyzer.view(id) : undefined),
      o.config.INFERENCE_MODELS,
      { ballModel: o.config.BALL_MODEL, ballModelLabels: o.config.BALL_MODEL_LABELS },
    );
    await warmUpModels(models);
    const self = ref.sidecar = new Sidecar(o, models);
    self.#outbox = await createDeliveryOutbox({
      path: outboxPath(o.config),
      send: (item) => self.#server.post(item.path, item.body),
      onDelivered: (item) => {
        if (item.meta?.kind === "shot") self.#delivered(item.meta.laneId, item.body as ShotReport);
      },
      log: o.log,
    });
    o.log?.(`models: ${models.kind} (ball ${models.ball.version}, pins ${models.pins.version})`);
    o.log?.(`sidecar ${self.sidecarId}: ${self.provider}, up to ${self.capacity} lanes on the air`);
    self.#directory = new LaneDirectory({
      server: self.#server,
      scanMs: o.config.INFERENCE_SCAN_MS,
      onAdd: (lane) => {
        if (self.#leases?.held.has(lane.id)) self.#addLane(lane.id, lane.calibration);
        self.#leases?.poke();
      },
      onRemove: (id) => {
        if (self.#intakes.has(id)) self.#removeLane(id);
        self.#leases?.poke();
      },
      log: o.log,
    });
    self.#leases = new LeaseKeeper({
      server: self.#server,
      sidecarId: self.sidecarId,
      capacity: self.capacity,
      wanted: () => {
        const lanes = [...(self.#directory?.watched.values() ?? [])];
        return {
          lanes: lanes.map((l) => l.id),
          live: lanes.filter((l) => l.live).map((l) => l.id),
        };
      },
      status: () => ({ ...self.summary(), lanes: self.status() }),
      onChange: (held) => self.#follow(held),
      log: o.log,
    });
    self.#loop = self.#run();
    return self;
  }

  summary(): SidecarSummary {
    return {
      sidecarId: this.sidecarId,
      provider: this.provider,
      capacity: this.capacity,
      capacityLimit: this.#capacity.limit,
      capacityReason: this.#capacity.reason,
      busyDropShare: roundShare(this.#capacity.busyDropShare),
      held: [...(this.#leases?.held ?? [])].sort(),
      sidecars: this.#leases?.sidecars ?? 0,
      behind: this.#scheduler.behind,
      roundMs: Math.round(this.#scheduler.roundMs * 10) / 10,
    };
  }

  status(): Record<string, LaneStatus> {
    const out: Record<string, LaneStatus> = {};
    for (const [id, intake] of this.#intakes) {
      out[id] = {
        state: intake.state,
        connects: intake.connects,
        received: intake.slot.received,
        dropped: intake.slot.dropped,
        thinned: intake.slot.thinned,
        analysed: this.#analyzer.analysed.get(id) ?? 0,
        busy: this.#analyzer.busy(id),
        shots: this.#shots.get(id) ?? 0,
        stampedFrames: intake.clock.stamped,
        delayMs: Math.round(intake.clock.delayMs),
      };
    }
    return out;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#directory?.stop();
    await this.#leases?.stop();
    await this.#loop;
    await Promise.all([...this.#intakes.values()].map((i) => i.close()));
    this.#intakes.clear();
    await Promise.all(this.#posting);
    await this.#outbox?.stop();
    await this.#events.close();
  }

  /** Watches the listed lanes it holds, lets go of the others. */
  #follow(held: ReadonlySet<string>): void {
    for (const id of [...this.#intakes.keys()]) if (!held.has(id)) this.#removeLane(id);
    for (const lane of this.#directory?.watched.values() ?? []) {
      if (held.has(lane.id) && !this.#intakes.has(lane.id)) {
        this.#addLane(lane.id, lane.calibration);
      }
    }
  }

  #addLane(laneId: string, calibration: unknown): void {
    this.#analyzer.setLane(laneId, calibration);
    if (this.#intakes.has(laneId)) return;
    this.#o.log?.(`watching lane ${laneId}`);
    this.#intakes.set(
      laneId,
      new LaneIntake({
        laneId,
        signalingUrl: () => this.#server.signalingUrl(laneId),
        defaultDelayMs: this.#o.config.INFERENCE_DEFAULT_DELAY_MS,
        onFrame: () => this.#wake?.(),
        log: this.#o.log,
      }),
    );
  }

  /**
   * Once a second, feeds the busy lanes' drops to the capacity controller; a
   * lowered capacity hands a lease back at once, a raised one takes a lane.
   */
  #checkCapacity(): void {
    const now = performance.now();
    if (now - this.#capacityCheckedAt < 1000) return;
    this.#capacityCheckedAt = now;
    const lanes = [...this.#intakes].map(([laneId, intake]) => ({
      laneId,
      received: intake.slot.received,
      dropped: intake.slot.dropped,
      busy: this.#analyzer.busy(laneId),
    }));
    const change = this.#capacity.observe(lanes, now);
    if (!change) return;
    this.#o.log?.(`capacity ${this.capacity} of ${this.#capacity.limit}: ${this.#capacity.reason}`);
    this.#leases?.setCapacity(this.capacity);
  }

  #removeLane(laneId: string): void {
    this.#o.log?.(`letting go of lane ${laneId}`);
    this.#analyzer.removeLane(laneId);
    this.#scheduler.forget(laneId);
    const intake = this.#intakes.get(laneId);
    this.#intakes.delete(laneId);
    intake?.close();
  }

  #post(laneId: string, shot: ShotReport): void {
    const p = this.#outbox!.enqueue({
      id: `shot:${shot.id}`,
      path: `/api/inference/lanes/${encodeURIComponent(laneId)}/shots`,
      body: shot,
      meta: { kind: "shot", laneId },
    }).catch((err) => {
      this.#o.log?.(`lane ${laneId}: shot ${shot.id} could not be written to the outbox: ${err}`);
    }).finally(() => this.#posting.delete(p));
    this.#posting.add(p);
  }

  #delivered(laneId: string, shot: ShotReport): void {
    this.#shots.set(laneId, (this.#shots.get(laneId) ?? 0) + 1);
    this.#o.log?.(
      `lane ${laneId}: shot ${shot.id} standing ${
        shot.standing.toString(2).padStart(10, "0")
      } (${shot.pinConfidence}), ${shot.metrics?.launchSpeedMph ?? "?"} mph`,
    );
    this.#o.onShot?.(laneId, shot);
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      const frames = this.#scheduler.pick(this.#intakes.values(), (id) => this.#analyzer.busy(id));
      if (!frames.length) {
        await new Promise<void>((r) => {
          this.#wake = r;
          setTimeout(r, 250);
        });
        this.#wake = null;
        continue;
      }
      const t0 = performance.now();
      try {
        await this.#analyzer.process(frames);
      } catch (err) {
        this.#o.log?.(`analysis failed: ${(err as Error).stack ?? err}`);
      }
      this.#scheduler.roundDone(performance.now() - t0);
      this.#checkCapacity();
      // Let frame callbacks run between rounds.
      await new Promise((r) => setTimeout(r, 0));
    }
  }
}

function roundShare(share: number | null): number | null {
  return share === null ? null : Math.round(share * 1000) / 1000;
}

/** The outbox journal: INFERENCE_OUTBOX_DIR, else DATA_DIR/inference. */
function outboxPath(config: Readonly<InferenceConfig>): string {
  return `${config.INFERENCE_OUTBOX_DIR ?? `${config.DATA_DIR}/inference`}/outbox.jsonl`;
}
