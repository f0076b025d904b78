/**
 * The spectator's view of the Lanecast HTTP API. Errors arrive as RFC 9457
 * `application/problem+json` and are thrown as {@linkcode ApiError}.
 */

import type { Shot, ShotPathPoint } from "../core/shot_report.ts";

export type { LaneGame, LaneLastBall } from "../core/lane_game.ts";
import type { LaneGame } from "../core/lane_game.ts";

/** One entry of `GET /api/lanes`. */
export interface LaneSummary {
  id: string;
  name: string;
  live: boolean;
  /** People watching now (the SFU's viewers); absent from older servers. */
  viewers?: number;
  /** The open session, if any. */
  game?: LaneGame | null;
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
  /** The problem's machine code (`unknown_lane`), when the server sent one. */
  readonly code: string | undefined;
  /** Validation issues, field by field, when the server listed them. */
  readonly errors: { path: string; message: string }[];
  /** The problem document's other members (a market's `version` and `state` on a 409). */
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(problem: {
    status: number;
    title?: string;
    detail?: string;
    type?: string;
    code?: string;
    errors?: { path: string; message: string }[];
    extra?: Record<string, unknown>;
  }) {
    const title = problem.title ?? `HTTP ${problem.status}`;
    const detail = problem.detail ?? title;
    super(detail);
    this.name = "ApiError";
    this.status = problem.status;
    this.title = title;
    this.detail = detail;
    this.type = problem.type ?? "about:blank";
    this.code = problem.code;
    this.errors = problem.errors ?? [];
    this.extra = problem.extra ?? {};
  }

  /** Whether asking again later could succeed (server trouble, rate limits, timeouts). */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 408 || this.status === 429;
  }
}

/** One point of the ball's track in lane coordinates (core/lane_geometry.ts). */
export type { ShotPathPoint };

/**
 * One entry of `GET /api/lanes/{id}/shots` and the data of a live `shot` event,
 * as the web app reads it (core/shot_report.ts `Shot`, less what it never shows).
 */
export type LaneShot = Omit<Shot, "events" | "pinProbabilities" | "reviewReason">;

/** The part of `GET /api/lanes/{id}/calibration` that maps lane points onto the video. */
export interface LaneVideoFit {
  /** Size of the frame the lane → image homography is in. */
  width: number;
  height: number;
  /** Lane (board, ft) → image (u, v), row-major 3×3. */
  laneToImage: number[];
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
  /** The lane's recent shots, newest first. */
  laneShots(laneId: string, limit: number, signal?: AbortSignal): Promise<LaneShot[]>;
  /** The lane's fitted calibration, or null when it has none. */
  laneVideoFit(laneId: string, signal?: AbortSignal): Promise<LaneVideoFit | null>;
  /** Address of the lane's live updates (Server-Sent Events). */
  liveUrl(laneId: string): string;
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
    laneShots: (laneId, limit, signal) =>
      call<LaneShot[]>(`/api/lanes/${encodeURIComponent(laneId)}/shots?limit=${limit}`, { signal }),
    laneVideoFit: async (laneId, signal) => {
      try {
        const answer = await call<{ fit: LaneVideoFit }>(
          `/api/lanes/${encodeURIComponent(laneId)}/calibration`,
          { signal },
        );
        const { width, height, laneToImage } = answer.fit;
        return { width, height, laneToImage };
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    liveUrl: (laneId) => `${baseUrl}/api/lanes/${encodeURIComponent(laneId)}/live`,
  };
}

/**
 * Sends a JSON request through `doFetch` (plain or {@linkcode AuthedFetch})
 * and reads the JSON answer; an answer that is not 2xx throws an
 * {@linkcode ApiError}. `body` is sent as JSON; 204 answers give `undefined`.
 */
export async function requestJson<T>(
  doFetch: typeof fetch,
  path: string,
  init: Omit<RequestInit, "body"> & { body?: unknown } = {},
): Promise<T> {
  const { body, ...rest } = init;
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await doFetch(path, {
    ...rest,
    headers: { ...headers, ...rest.headers as Record<string, string> | undefined },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get("content-type") ?? "";
  return (type.includes("json") ? await response.json() : await response.text()) as T;
}

/** A query string of the defined, non-empty values (`?limit=20&before=…`), or "". */
export function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/**
 * A `fetch` that sends the signed-in user's access token and, when the
 * server answers 401, renews the token once and asks again. Made by
 * `AuthSession` (web/auth/session.ts).
 */
export type AuthedFetch = typeof fetch;

export async function toApiError(response: Response): Promise<ApiError> {
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
          code: typeof body.code === "string" ? body.code : undefined,
          errors: Array.isArray(body.errors) ? body.errors : undefined,
          extra: problemExtra(body),
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

const PROBLEM_MEMBERS = new Set([
  "type",
  "title",
  "status",
  "detail",
  "instance",
  "code",
  "errors",
]);

/** The members of a problem document beyond RFC 9457's and `code`/`errors`. */
function problemExtra(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !PROBLEM_MEMBERS.has(key)));
}

/** A message for people from any error the API layer can throw. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof TypeError) return "Cannot reach the server";
  if (error instanceof Error) return error.message;
  return String(error);
}
