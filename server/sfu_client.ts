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
  /** Tells the SFU to pull a camera URL into a lane (or stop pulling with `null`); `token` grants `lane:ingest`. */
  setPull(
    lane: string,
    token: string,
    source: { url: string; codec: "VP8" | "H264" } | null,
  ): Promise<void>;
  /**
   * Raises the lane's publish epoch at the SFU: publishers and publish tokens
   * of older epochs are dropped and refused from then on; `token` grants `lane:ingest`.
   */
  setPublishEpoch(lane: string, token: string, epoch: number): Promise<void>;
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
      await ingestCall(lane, "pull", token, source ? "PUT" : "DELETE", source, "the camera source");
    },
    async setPublishEpoch(lane, token, epoch) {
      await ingestCall(lane, "publish-epoch", token, "PUT", { epoch }, "the publish epoch");
    },
  };

  /** A server-only call on a lane's ingest; throws with the SFU's reason when refused. */
  async function ingestCall(
    lane: string,
    what: string,
    token: string,
    method: string,
    body: unknown,
    label: string,
  ): Promise<void> {
    const res = await fetch(`${baseUrl}/ingest/${encodeURIComponent(lane)}/${what}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (res.ok) return void await res.body?.cancel();
    const problem = await res.json().catch(() => ({})) as { code?: string; detail?: string };
    throw new Error(
      `The SFU refused ${label} for lane "${lane}" (${res.status}${
        problem.code ? ` ${problem.code}: ${problem.detail}` : ""
      })`,
    );
  }
}
