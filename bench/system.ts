/** What the media benchmarks ask of a running system: lane credentials, a camera, the SFU worker's pid. */
import { WhipPublisher } from "../media/whip_publisher.ts";
import { createLaneSim } from "../sim/render.ts";
import { stampTime } from "../sim/stamp.ts";
import type { RunningSystem } from "../tools/system.ts";

/**
 * The media benchmarks' camera: a spectator-facing 1280×720 camera set to
 * 1.2 Mbit/s, which looks the same to the eye as libwebrtc's 2.5 Mbit/s
 * default on a lane (VP8 QP ≈ 23 against 10). The simulator's own lanes stay
 * uncapped (`SIM_MAX_KBPS`).
 */
export const CAMERA_BENCH_KBPS = 1200;

/** Publish or watch credentials for `lane`, as a camera (with the camera key) or a spectator gets them. */
export function laneCredentials(
  system: RunningSystem,
  lane: string,
  kind: "publish",
): Promise<{ token: string; whipUrl: string }>;
export function laneCredentials(
  system: RunningSystem,
  lane: string,
  kind: "watch",
): Promise<{ token: string; whepUrl: string; signalingUrl: string }>;
export async function laneCredentials(
  system: RunningSystem,
  lane: string,
  kind: "publish" | "watch",
) {
  const headers = kind === "publish" ? { authorization: `Bearer ${system.cameraKey}` } : undefined;
  const res = await fetch(`${system.url}/api/lanes/${lane}/${kind}`, { method: "POST", headers });
  if (!res.ok) {
    throw new Error(`Cannot get ${kind} credentials for lane ${lane}: ${await res.text()}`);
  }
  return await res.json();
}

/**
 * Limits for a benchmark's system: its many viewers all come from this
 * machine, so the per-address caps on viewer tokens and transports are lifted.
 */
export const BENCH_LIMITS = {
  WATCH_LIMIT_PER_MINUTE: "100000",
  SFU_MAX_VIEWERS_PER_ADDRESS: "100000",
  SFU_MAX_VIEWERS_PER_LANE: "100000",
} as const;

/** The pid of the SFU's (one) mediasoup worker, from its /metrics. */
export async function sfuWorkerPid(system: RunningSystem): Promise<number> {
  const res = await fetch(`${system.sfuUrl}/metrics`, {
    headers: { authorization: `Bearer ${system.sfuServiceKey}` },
  });
  const metrics = await res.text();
  const pid = Number(/lanecast_sfu_worker_lanes\{pid="(\d+)"\}/.exec(metrics)?.[1]);
  if (!pid) throw new Error("The SFU's /metrics names no worker");
  return pid;
}

/**
 * A simulated lane's camera publishing to `lane` over WHIP at `fps`, frames
 * paced on a fixed schedule; with `stamp`, each frame's capture time is
 * stamped into its pixels (sim/stamp.ts) as sim/lane_feed.ts does.
 */
export function publishSimCamera(
  system: RunningSystem,
  lane: string,
  o: {
    width: number;
    height: number;
    fps: number;
    seed: number;
    maxKbps?: number;
    stamp?: boolean;
  },
) {
  const sim = createLaneSim({ seed: o.seed, width: o.width, height: o.height, fps: o.fps });
  const frame = new Uint8Array(sim.frameSize);
  const publisher = new WhipPublisher({
    width: o.width,
    height: o.height,
    maxBitrateKbps: o.maxKbps || undefined,
    credentials: async () => {
      const c = await laneCredentials(system, lane, "publish");
      return { whipUrl: c.whipUrl, token: c.token };
    },
  });
  let n = 0;
  const t0 = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const step = () => {
    sim.renderFrame(n % (o.fps * 60), frame);
    if (o.stamp) stampTime(frame, o.width, o.height, Date.now());
    publisher.pushFrame(frame);
    n++;
    timer = setTimeout(step, Math.max(0, t0 + n * (1000 / o.fps) - performance.now()));
  };
  step();
  return {
    publisher,
    async stop() {
      clearTimeout(timer);
      await publisher.close();
    },
  };
}
