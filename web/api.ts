/**
 * The spectator's view of the Lanecast HTTP API. Errors arrive as RFC 9457
 * `application/problem+json` and are thrown as {@linkcode ApiError}.
 */

/** One entry of `GET /api/lanes`. */
export interface LaneSummary {
  id: string;
  name: string;
  live: boolean;
}

/** Response of `POST /api/lanes/{id}/watch`: a short-lived grant to watch one lane. */
export interface WatchGrant {
  token: string;
  whepUrl: string;
  signalingUrl: string;
}

/** An HTTP error from the API, carrying the problem document's fields. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly type: string;

  constructor(problem: { status: number; title?: string; detail?: string; type?: string }) {
    const title = problem.title ?? `HTTP ${problem.status}`;
    const detail = problem.detail ?? title;
    super(detail);
    this.name = "ApiError";
    this.status = problem.status;
    this.title = title;
    this.detail = detail;
    this.type = problem.type ?? "about:blank";
  }

  /** Whether asking again later could succeed (server trouble, rate limits, timeouts). */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 408 || this.status === 429;
  }
}

export interface ApiOptions {
  /** Prefix for every path. Default: "" (same origin). */
  baseUrl?: string;
  /** Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
}

export interface Api {
  listLanes(signal?: AbortSignal): Promise<LaneSummary[]>;
  watchLane(laneId: string, signal?: AbortSignal): Promise<WatchGrant>;
}

/** Creates an API client for the given origin. */
export function createApi(options: ApiOptions = {}): Api {
  const baseUrl = options.baseUrl ?? "";
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function call<T>(path: string, init: RequestInit): Promise<T> {
    const response = await doFetch(baseUrl + path, {
      ...init,
      headers: { accept: "application/json", ...init.headers },
    });
    if (!response.ok) throw await toApiError(response);
    return await response.json() as T;
  }

  return {
    listLanes: (signal) => call<LaneSummary[]>("/api/lanes", { signal }),
    watchLane: (laneId, signal) =>
      call<WatchGrant>(`/api/lanes/${encodeURIComponent(laneId)}/watch`, {
        method: "POST",
        signal,
      }),
  };
}

async function toApiError(response: Response): Promise<ApiError> {
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("json")) {
    try {
      const body = await response.json();
      if (body && typeof body === "object") {
        return new ApiError({
          status: typeof body.status === "number" ? body.status : response.status,
          title: typeof body.title === "string" ? body.title : undefined,
          detail: typeof body.detail === "string" ? body.detail : undefined,
          type: typeof body.type === "string" ? body.type : undefined,
        });
      }
    } catch {
      // fall through to a problem built from the status line
    }
  } else {
    await response.body?.cancel();
  }
  return new ApiError({ status: response.status, title: response.statusText || undefined });
}

/** A message for people from any error the API layer can throw. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof TypeError) return "Cannot reach the server";
  if (error instanceof Error) return error.message;
  return String(error);
}
