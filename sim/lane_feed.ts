/**
 * One simulated lane on the air: renders frames at the lane's frame rate,
 * stamps each frame's capture time into its pixels (for glass-to-glass
 * latency), publishes over WHIP, and appends each finished shot's ground
 * truth, with capture times, to a JSON-lines file.
 */
import { type PublishCredentials, WhipPublisher } from "../media/whip_publisher.ts";
import { truthToJsonLine, withCaptureTimes } from "./ground_truth.ts";
import type { BallSlot } from "./frame_logic.ts";
import { createLaneSim, type LaneSim } from "./render.ts";
import { stampTime } from "./stamp.ts";

export interface LaneFeedOptions {
  laneId: string;
  seed: number;
  width: number;
  height: number;
  fps: number;
  /** The camera's bitrate ceiling, kbit/s. */
  maxBitrateKbps?: number;
  credentials: () => Promise<PublishCredentials>;
  /** JSON-lines file for ground truth, or undefined to keep none. */
  truthPath?: string;
  log?: (msg: string) => void;
  /** Picks each new shot's slot (the lane's open session's turn, see session_turns.ts). */
  steer?: (planned: BallSlot) => BallSlot;
}

export class LaneFeed {
  readonly sim: LaneSim;
  readonly publisher: WhipPublisher;
  #buf: Uint8Array;
  #options: LaneFeedOptions;
  #firstFrameMs: number | undefined;
  #lastFrame = -1;
  #truth?: Deno.FsFile;

  constructor(options: LaneFeedOptions) {
    this.#options = options;
    const lane = Number(options.laneId) || 1;
    this.sim = createLaneSim({
      seed: options.seed,
      width: options.width,
      height: options.height,
      fps: options.fps,
      lane,
      steer: options.steer,
    });
    this.#buf = new Uint8Array(this.sim.frameSize);
    this.publisher = new WhipPublisher({
      width: options.width,
      height: options.height,
      credentials: options.credentials,
      maxBitrateKbps: options.maxBitrateKbps,
      onState: (s, d) => options.log?.(`lane ${options.laneId}: ${s}${d ? ` (${d})` : ""}`),
    });
    if (options.truthPath) {
      this.#truth = Deno.openSync(options.truthPath, { create: true, append: true });
    }
  }

  /** Renders and publishes frame `frame`, captured at `captureMs` (epoch ms). */
  tick(frame: number, captureMs: number): void {
    if (this.#firstFrameMs === undefined) {
      this.#firstFrameMs = captureMs - (frame * 1000) / this.#options.fps;
    }
    this.sim.renderFrame(frame, this.#buf);
    stampTime(this.#buf, this.#options.width, this.#options.height, Date.now());
    this.publisher.pushFrame(this.#buf);
    this.#writeTruth(frame);
    this.#lastFrame = frame;
  }

  async close(): Promise<void> {
    this.#truth?.close();
    this.#truth = undefined;
    await this.publisher.close();
  }

  #writeTruth(frame: number): void {
    if (!this.#truth || this.#firstFrameMs === undefined) return;
    for (const e of this.sim.eventsBetween(this.#lastFrame + 1, frame + 1)) {
      if (e.kind !== "settled") continue;
      const line = truthToJsonLine(withCaptureTimes(e.shot, this.#firstFrameMs, this.#options.fps));
      this.#truth.writeSync(new TextEncoder().encode(line + "\n"));
    }
  }
}
