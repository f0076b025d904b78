/** What the media benchmarks ask of a running system: lane credentials and the SFU worker's pid. */
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
