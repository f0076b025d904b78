/**
 * The staff console's view of the API: lanes with camera health, calibration,
 * sessions, the audit log, users, markets, the review queue and the ledger.
 * Every call goes through the signed-in user's {@linkcode AuthedFetch}.
 * Session sheets, check-in codes, markets and wallets are the shared
 * contracts of core/session_sheet.ts, core/check_in.ts and core/markets.ts;
 * the other shapes follow server/lanes/schemas.ts, server/sessions/schemas.ts,
 * server/routes/audit.ts, server/routes/users.ts and the settlement routes.
 */
import type { CalibrationFit, CalibrationPoints } from "../../core/calibration.ts";
import { type AuthedFetch, queryString, requestJson } from "../api.ts";
import type { Role } from "../auth/session.ts";
import type { CheckInCode } from "../../core/check_in.ts";
import type { Market, MarketState, Wallet, WalletTransaction } from "../../core/markets.ts";
import type { ShotPathPoint } from "../../core/shot_report.ts";
import type { InferenceOverview } from "./ai_sidecars_model.ts";
import type {
  NextBall,
  SessionSummary,
  Sheet as SessionSheet,
  SheetBall,
  SheetBowler,
  SheetFrame,
} from "../../core/session_sheet.ts";

export type SourceKind = "sim" | "rtsp" | "whip" | "browser";
export const SOURCE_KINDS: readonly SourceKind[] = ["sim", "rtsp", "whip", "browser"];

export interface CameraHealth {
  sfu: "up" | "down";
  live: boolean;
  liveSince: number | null;
  viewers: number;
  /** Bits per second from the camera. */
  bitrate: number | null;
  /** Receive quality, 0 (bad) to 10 (good). */
  score: number | null;
  lastKeyFrameAt: number | null;
}

export interface StaffLane {
  id: string;
  name: string;
  sortOrder: number;
  enabled: boolean;
  /** Hidden from the public: not in the grid, its public addresses 404; staff still see it. */
  hidden: boolean;
  source: SourceKind;
  sourceUrl: string | null;
  hasCameraKey: boolean;
  /** Where a WHIP camera publishes (with a publish token); null from older servers. */
  whipUrl?: string | null;
  camera: CameraHealth;
  calibration: {
    calibrated: boolean;
    source: "stored" | "sim-default" | null;
    rmsPx: number | null;
    points: number;
    width: number | null;
    height: number | null;
  };
  createdAt: string;
  updatedAt: string;
}

/** `POST /api/lanes/{id}/publish`: a short-lived publish token and where to use it. */
export interface PublishGrant {
  token: string;
  expiresIn: number;
  whipUrl: string;
}

export interface NewLane {
  id?: string;
  name: string;
  sourceKind: SourceKind;
  sourceUrl?: string;
  enabled?: boolean;
}

export interface LanePatch {
  name?: string;
  enabled?: boolean;
  hidden?: boolean;
  sortOrder?: number;
  sourceKind?: SourceKind;
  sourceUrl?: string | null;
}

export interface LaneCalibration {
  laneId: string;
  source: "stored" | "sim-default";
  points: CalibrationPoints;
  fit: CalibrationFit;
}

export type {
  CheckInCode,
  NextBall,
  SessionSheet,
  SessionSummary,
  SheetBall,
  SheetBowler,
  SheetFrame,
};

export interface BallCorrection {
  id: string;
  replacesBallId: string;
  bowlerId: string;
  bowlerName: string;
  frame: number | null;
  ball: number | null;
  from: { pinsStanding: number[]; foul: boolean; source: SheetBall["source"] };
  to: { pinsStanding: number[]; foul: boolean };
  reason: string;
  by: { id: string | null; name: string | null };
  at: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: {
    id: string | null;
    email: string | null;
    role: string | null;
    /** Display name now (absent from older servers). */
    name?: string | null;
  } | null;
  action: string;
  targetType: string;
  targetId: string;
  /** A user target's display name or a lane target's name. */
  targetName?: string | null;
  /** The lane the entry concerns, where known. */
  laneId?: string | null;
  detail: Record<string, unknown>;
  requestId: string | null;
}

/** What the audit log may be filtered by (`since`/`until`: ISO instants). */
export type AuditFilter = {
  action?: string;
  actor?: string;
  laneId?: string;
  since?: string;
  until?: string;
};

export interface AdminUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One doubtful shot waiting for staff (`GET /api/markets/reviews`, server/markets/review.ts). */
export interface ShotReview {
  shot: {
    id: string;
    laneId: string;
    /** ISO time of the release. */
    releasedAt: string;
    /** Why it waits: "unsure", "impossible_ball", … */
    reason: string;
  };
  /** What the AI read: pins standing after the ball (bit i = pin i + 1, and as a list), foul. */
  proposed: { standing: number; pinsStanding: number[]; foul: boolean };
  /** The rack the ball faced, when the server tells it. */
  standingBefore?: number | null;
  pinConfidence: number;
  trackConfidence: number;
  foulConfidence: number | null;
  models: { ball: string; pins: string; foul?: string };
  launchSpeedMph: number | null;
  path: ShotPathPoint[];
  /** P(standing) of pins 1..10. */
  pinProbabilities: number[];
  /** The markets waiting on this shot. */
  markets: Market[];
}

/** A doubtful video resolution of a lane ball (`GET /api/markets/video-reviews`, server/markets/video_reviews.ts). */
export interface VideoReview {
  id: string;
  analysisId: string;
  shotIndex: number;
  kind: string;
  /** The video's outcome key ("yes", "under", …); null: no result (void). */
  proposed: string | null;
  confidence: number;
  /** Seconds into the video. */
  detectedAt: number;
  createdAt: string;
  market: Market;
}

/** What staff decide about a video resolution; `outcome` an outcome key or "void". */
export type VideoReviewDecision =
  | { action: "confirm" }
  | { action: "override"; outcome: string; reason: string }
  | { action: "reject"; reason: string };

/** What staff decide about a doubtful shot. `standing`: pins left standing (bit i = pin i + 1). */
export type ReviewDecision =
  | { action: "confirm" }
  | { action: "override"; standing: number; foul: boolean; reason: string }
  | { action: "void"; reason: string };

/** One broken rule the ledger check found. */
export interface LedgerViolation {
  kind?: string;
  code?: string;
  message?: string;
  [field: string]: unknown;
}

export interface LedgerCheck {
  ok: boolean;
  violations: LedgerViolation[];
}

/** A bettor's wallet and a page of its transactions, newest first. */
export interface UserLedgerPage {
  user?: { id: string; email: string; displayName: string; role: Role };
  wallet: Wallet;
  items: WalletTransaction[];
  next: string | null;
}

export type { Market, MarketState, Wallet, WalletTransaction };

const id = encodeURIComponent;

/** A market action answers with the market, bare or as `{ market }`. */
function marketOf(body: Market | { market: Market }): Market {
  return "market" in body ? body.market : body;
}

const query = queryString;

/** Creates the console's API client over an authenticated fetch. */
export function createStaffApi(fetch: AuthedFetch) {
  const get = <T>(path: string, signal?: AbortSignal) => requestJson<T>(fetch, path, { signal });
  const send = <T>(method: string, path: string, body?: unknown) =>
    requestJson<T>(fetch, path, { method, body });

  return {
    listLanes: (signal?: AbortSignal) => get<StaffLane[]>("/api/staff/lanes", signal),
    inferenceOverview: () => get<InferenceOverview>("/api/staff/inference"),
    createLane: (lane: NewLane) => send<StaffLane>("POST", "/api/lanes", lane),
    updateLane: (laneId: string, patch: LanePatch) =>
      send<StaffLane>("PATCH", `/api/lanes/${id(laneId)}`, patch),
    /** A publish token and WHIP address for the lane (the phone camera page). */
    publishGrant: (laneId: string) =>
      send<PublishGrant>("POST", `/api/lanes/${id(laneId)}/publish`),
    rotateCameraKey: (laneId: string) =>
      send<{ laneId: string; cameraKey: string }>("POST", `/api/lanes/${id(laneId)}/camera-key`),
    /** The lane's calibration, or null when it has none. */
    getCalibration: (laneId: string, signal?: AbortSignal) =>
      get<LaneCalibration>(`/api/lanes/${id(laneId)}/calibration`, signal).catch((error) => {
        if (error?.code === "not_calibrated") return null;
        throw error;
      }),
    saveCalibration: (laneId: string, points: CalibrationPoints) =>
      send<LaneCalibration>("PUT", `/api/lanes/${id(laneId)}/calibration`, points),

    openSession: (laneId: string, bowlers: { name: string }[]) =>
      send<SessionSheet>("POST", `/api/lanes/${id(laneId)}/sessions`, { bowlers }),
    listSessions: (filter: { laneId?: string; status?: "open" | "closed"; limit?: number } = {}) =>
      get<SessionSummary[]>(`/api/sessions${query(filter)}`),
    getSession: (sessionId: string, signal?: AbortSignal) =>
      get<SessionSheet>(`/api/sessions/${id(sessionId)}`, signal),
    addBall: (sessionId: string, ball: { pinsStanding: number[]; foul?: boolean }) =>
      send<SessionSheet>("POST", `/api/sessions/${id(sessionId)}/balls`, ball),
    correctBall: (
      sessionId: string,
      ballId: string,
      change: { pinsStanding: number[]; foul: boolean; reason: string },
    ) =>
      send<SessionSheet>(
        "POST",
        `/api/sessions/${id(sessionId)}/balls/${id(ballId)}/correction`,
        change,
      ),
    history: (sessionId: string) => get<BallCorrection[]>(`/api/sessions/${id(sessionId)}/history`),
    closeSession: (sessionId: string) =>
      send<SessionSheet>("POST", `/api/sessions/${id(sessionId)}/close`),
    /** Names an open-play game: its balls stay with the first bowler (`POST …/claim`). */
    claimSession: (sessionId: string, bowlers: { name: string }[]) =>
      send<SessionSheet>("POST", `/api/sessions/${id(sessionId)}/claim`, { bowlers }),
    getCheckInCode: (sessionId: string) =>
      get<CheckInCode>(`/api/sessions/${id(sessionId)}/check-in-code`),
    rotateCheckInCode: (sessionId: string) =>
      send<CheckInCode>("POST", `/api/sessions/${id(sessionId)}/check-in-code`),
    removeBowler: (sessionId: string, bowlerId: string, reason: string) =>
      send<SessionSheet>(
        "POST",
        `/api/sessions/${id(sessionId)}/bowlers/${id(bowlerId)}/remove`,
        { reason },
      ),
    liveUrl: (laneId: string) => `/api/lanes/${id(laneId)}/live`,

    listAudit: (filter: AuditFilter & { before?: string; limit?: number } = {}) =>
      get<{ entries: AuditEntry[]; next: string | null }>(`/api/audit${query(filter)}`),
    listUsers: (filter: { query?: string; role?: Role; before?: string } = {}) =>
      get<{ users: AdminUser[]; next: string | null }>(`/api/users${query(filter)}`),
    updateUser: (userId: string, patch: { role?: Role; disabled?: boolean }) =>
      send<AdminUser>("PATCH", `/api/users/${id(userId)}`, patch),

    listMarkets: (
      filter: { laneId?: string; state?: MarketState; limit?: number } = {},
      signal?: AbortSignal,
    ) => get<{ markets: Market[] }>(`/api/markets${query(filter)}`, signal),
    suspendMarket: (marketId: string) =>
      send<Market | { market: Market }>("POST", `/api/markets/${id(marketId)}/suspend`)
        .then(marketOf),
    voidMarket: (marketId: string, reason: string) =>
      send<Market | { market: Market }>("POST", `/api/markets/${id(marketId)}/void`, { reason })
        .then(marketOf),
    disputeMarket: (marketId: string, reason: string) =>
      send<Market | { market: Market }>("POST", `/api/markets/${id(marketId)}/dispute`, { reason })
        .then(marketOf),
    /** Settles a disputed market again with `result` (an outcome key), or voids it. */
    resolveMarket: (
      marketId: string,
      resolution: { result: string } | { void: true },
      reason: string,
    ) =>
      send<Market | { market: Market }>(
        "POST",
        `/api/markets/${id(marketId)}/resolve`,
        { ...resolution, reason },
      ).then(marketOf),
    listReviews: (signal?: AbortSignal) =>
      get<{ reviews: ShotReview[] }>("/api/markets/reviews", signal),
    decideReview: (shotId: string, decision: ReviewDecision) =>
      send<unknown>("POST", `/api/markets/reviews/${id(shotId)}`, decision),
    listVideoReviews: (signal?: AbortSignal) =>
      get<{ reviews: VideoReview[] }>("/api/markets/video-reviews", signal),
    decideVideoReview: (reviewId: string, decision: VideoReviewDecision) =>
      send<unknown>("POST", `/api/markets/video-reviews/${id(reviewId)}`, decision),
    checkLedger: () => get<LedgerCheck>("/api/admin/ledger/check"),
    userLedger: (userId: string, filter: { before?: string; limit?: number } = {}) =>
      get<UserLedgerPage>(`/api/users/${id(userId)}/ledger${query(filter)}`),
  };
}

export type StaffApi = ReturnType<typeof createStaffApi>;
