/**
 * What the server asks the SFU: which lanes are live (cached for a second,
 * so a busy lane grid does not hammer it) and whether it is up.
 */
export interface SfuLaneStatus {
  id: string;
  live: boolean;
  liveSince: number | null;
  viewers: number;
  /** The incoming camera video (absent from older SFUs; `null` while nothing is published). */
  video?: SfuVideoHealth | null;
}

export interface SfuVideoHealth {
  /** Bits per second received from the camera. */
  bitrate: number;
  /** mediasoup's receive quality score, 0 (bad) to 10 (good). */
  score: number | null;
  /** When the last keyframe arrived (epoch ms). */
  lastKeyFrameAt: number | null;
}

export interface SfuClient {
  lanes(): Promise<Map<string, SfuLaneStatus> | null>;
  health(): Promise<"ok" | "degraded" | "down">;
  /** Tells the SFU to pull a camera URL into a lane (or stop pulling with `null`). */
  setPull(lane: string, token: string, source: { url: string; codec: "VP8" | "H264" } | null): Promise<void>;
}

export interface SfuClientOptions {
  /** Bearer key of the SFU's internal routes (`/lanes`); without it only a loopback SFU answers them. */
  serviceKey?: string;
  cacheMs?: number;
  timeoutMs?: number;
}

export function createSfuClient(baseUrl: string, { serviceKey, cacheMs = 1000, timeoutMs = 1500 }: SfuClientOptions = {}): SfuClient {
  let cached: { at: number; value: Map<string, SfuLaneStatus> | null } | undefined;
  let inflight: Promise<Map<string, SfuLaneStatus> | null> | undefined;
  const headers: HeadersInit = serviceKey ? { authorization: `Bearer ${serviceKey}` } : {};
  const get = async (path: string) => await fetch(`${baseUrl}${path}`, { headers, signal: AbortSignal.timeout(timeoutMs) });

  async function fetchLanes(): Promise<Map<string, SfuLaneStatus> | null> {
    try {
      const res = await get("/lanes");
      if (!res.ok) {
        await res.body?.cancel();
        return null;
      }
      const list = await res.json() as SfuLaneStatus[];
      return new Map(list.map((l) => [l.id, l]));
    } catch {
      return null;
    }
  }

  return {
    async lanes() {
      if (cached && Date.now() - cached.at < cacheMs) return cached.value;
      inflight ??= fetchLanes().then((value) => {
        cached = { at: Date.now(), value };
        return value;
      }).finally(() => (inflight = undefined));
      return await inflight;
    },
    async health() {
      try {
        const res = await get("/health");
        await res.body?.cancel();
        return res.ok ? "ok" : "degraded";
      } catch {
        return "down";
      }
    },
    async setPull(lane, token, source) {
      const res = await fetch(`${baseUrl}/ingest/${encodeURIComponent(lane)}/pull`, {
        method: source ? "PUT" : "DELETE",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: source ? JSON.stringify(source) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`The SFU refused the camera source for lane "${lane}" (${res.status})`);
    },
  };
}
