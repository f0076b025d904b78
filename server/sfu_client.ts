import { DomainError } from "../core/errors.ts";

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

/** The SFU's lane status and ingest calls. */
export interface SfuLaneClient {
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

/** Everything the server asks the SFU: lanes and ingest, replays and clips. */
export interface SfuClient extends SfuLaneClient {
  /**
   * Plays a shot's window into the lane's router as its replay producer (every
   * viewer of the lane gets it). Throws a `DomainError` with the SFU's code
   * (`replay_window_gone`, `unknown_lane`, ...) when refused.
   */
  playReplay(lane: string, body: PlayReplayBody): Promise<PlayedReplay>;
  /** The window's clip, remuxed without re-encoding (WebM for VP8, MP4 for H.264). */
  cutClip(lane: string, window: { fromMs: number; toMs: number }): Promise<CutClip>;
  /** What the lane's replay buffer holds now. */
  bufferWindow(lane: string): Promise<ReplayBufferWindow>;
}

export interface PlayReplayBody {
  shotId: string;
  fromMs: number;
  toMs: number;
  /** 0.5 plays the window at half speed. */
  speed?: 1 | 0.5;
}

export interface PlayedReplay {
  replayId: string;
  fromMs: number;
  toMs: number;
}

export interface CutClip {
  bytes: Uint8Array;
  contentType: string;
  durationMs: number;
  /** Capture time of the clip's first frame (epoch ms). */
  fromMs: number;
  /** Capture time of the clip's last frame (epoch ms). */
  toMs: number;
}

export interface ReplayBufferWindow {
  /** Capture times of the oldest and newest frames held (null when empty). */
  fromMs: number | null;
  toMs: number | null;
  bytes: number;
  packets: number;
}

export interface SfuClientOptions {
  /** Bearer key of the SFU's internal routes (`/lanes`); without it only a loopback SFU answers them. */
  serviceKey?: string;
  cacheMs?: number;
  timeoutMs?: number;
  /** How long a clip cut may take (ffmpeg remuxes it). */
  clipTimeoutMs?: number;
}

export function createSfuClient(
  baseUrl: string,
  { serviceKey, cacheMs = 1000, timeoutMs = 1500, clipTimeoutMs = 20_000 }: SfuClientOptions = {},
): SfuClient {
  let cached: { at: number; value: Map<string, SfuLaneStatus> | null } | undefined;
  let inflight: Promise<Map<string, SfuLaneStatus> | null> | undefined;
  const headers: HeadersInit = serviceKey ? { authorization: `Bearer ${serviceKey}` } : {};
  const get = async (path: string) =>
    await fetch(`${baseUrl}${path}`, { headers, signal: AbortSignal.timeout(timeoutMs) });

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
    async playReplay(lane, body) {
      const res = await laneCall(lane, "replays", "POST", body, timeoutMs);
      return await res.json() as PlayedReplay;
    },
    async cutClip(lane, { fromMs, toMs }) {
      const res = await laneCall(lane, "clips", "POST", { fromMs, toMs }, clipTimeoutMs);
      const number = (name: string) => Number(res.headers.get(name));
      return {
        bytes: new Uint8Array(await res.arrayBuffer()),
        contentType: res.headers.get("content-type") ?? "application/octet-stream",
        durationMs: number("x-clip-duration-ms"),
        fromMs: number("x-clip-from-ms"),
        toMs: number("x-clip-to-ms"),
      };
    },
    async bufferWindow(lane) {
      const res = await laneCall(lane, "buffer", "GET", undefined, timeoutMs);
      return await res.json() as ReplayBufferWindow;
    },
  };

  /**
   * An internal `/lanes/{lane}/...` call (service key). A refusal about the
   * request (the window, the lane: 4xx but 401/403) becomes a `DomainError`
   * with the SFU's code, so callers tell a window gone from a lane gone; the
   * SFU refusing the server itself (its key) or failing is `sfu_unavailable`
   * (503), never blamed on the caller.
   */
  async function laneCall(
    lane: string,
    what: string,
    method: string,
    body: unknown,
    ms: number,
  ): Promise<Response> {
    const res = await fetch(`${baseUrl}/lanes/${encodeURIComponent(lane)}/${what}`, {
      method,
      headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(ms),
    }).catch((err: Error) => {
      throw new DomainError("sfu_unavailable", `The SFU cannot be reached: ${err.message}`);
    });
    if (res.ok) return res;
    const problem = await res.json().catch(() => ({})) as {
      code?: string;
      detail?: string;
    };
    const callersFault = res.status < 500 && res.status !== 401 && res.status !== 403;
    if (!callersFault || !problem.code) {
      throw new DomainError(
        "sfu_unavailable",
        `The SFU answered ${res.status}${
          problem.code ? ` ${problem.code}` : ""
        } for lane "${lane}"`,
      );
    }
    const retryAfter = Number(res.headers.get("retry-after"));
    throw new DomainError(
      problem.code,
      problem.detail ?? `The SFU refused lane "${lane}"`,
      Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfter } : {},
    );
  }

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
