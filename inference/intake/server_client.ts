/** The sidecar's calls to the API server, with its inference key. */
export interface WatchLane {
  id: string;
  source: string;
  live: boolean;
  calibration: Record<string, unknown> | null;
}

/** What a sidecar asks of the lease route (server/routes/inference_leases.ts). */
export interface LeaseAsk {
  sidecarId: string;
  capacity: number;
  lanes: string[];
  live: string[];
  status?: Record<string, unknown>;
}

export interface LeaseGrant {
  lanes: string[];
  ttlMs: number;
  sidecars: number;
}

export class ServerClient {
  readonly #base: string;
  readonly #key: string;

  constructor(baseUrl: string, key: string) {
    this.#base = baseUrl.replace(/\/$/, "");
    this.#key = key;
  }

  async #call(path: string, init: RequestInit = {}, timeoutMs = 10_000): Promise<Response> {
    return await fetch(`${this.#base}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${this.#key}`, ...(init.headers ?? {}) },
      signal: AbortSignal.timeout(timeoutMs),
    });
  }

  async #json<T>(res: Response): Promise<T> {
    if (!res.ok) {
      const body = await res.text();
      let detail = body.slice(0, 200);
      try {
        detail = JSON.parse(body).detail ?? detail;
      } catch { /* not JSON */ }
      throw new Error(`${res.status} ${detail}`);
    }
    return await res.json() as T;
  }

  /** The lanes; with `since`, held by the server up to `waitS` until they change. */
  async lanes(since?: string, waitS = 0): Promise<{ version: string; lanes: WatchLane[] }> {
    const q = new URLSearchParams({ waitS: String(waitS), ...(since ? { since } : {}) });
    return await this.#json(await this.#call(`/api/inference/lanes?${q}`, {}, (waitS + 10) * 1000));
  }

  /** A fresh signaling URL (with a raw-subscribe token) for a lane. */
  async signalingUrl(laneId: string): Promise<string> {
    const body = await this.#json<{ signalingUrl: string }>(
      await this.#call(`/api/inference/lanes/${encodeURIComponent(laneId)}/subscribe`, {
        method: "POST",
      }),
    );
    return body.signalingUrl;
  }

  /** Renews and takes lane leases; the answer lists the lanes to watch. */
  async leases(ask: LeaseAsk): Promise<LeaseGrant> {
    return await this.#json(await this.post("/api/inference/leases", ask));
  }

  /** Hands every lease of this sidecar back. */
  async releaseLeases(sidecarId: string): Promise<void> {
    const res = await this.#call(`/api/inference/leases/${encodeURIComponent(sidecarId)}`, {
      method: "DELETE",
    });
    if (!res.ok) await this.#json(res);
    else await res.body?.cancel();
  }

  /** Posts a JSON body to a server path (the delivery outbox retries and confirms). */
  async post(path: string, body: unknown): Promise<Response> {
    return await this.#call(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  }
}
