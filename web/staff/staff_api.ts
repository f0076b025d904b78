/**
 * The staff console's view of the API: lanes with camera health, calibration,
 * sessions, the audit log and users. Every call goes through the signed-in
 * user's {@linkcode AuthedFetch}. Shapes follow server/lanes/schemas.ts,
 * server/sessions/schemas.ts, server/routes/audit.ts and server/routes/users.ts.
 */
import type { CalibrationFit, CalibrationPoints } from "../../core/calibration.ts";
import { type AuthedFetch, requestJson } from "../api.ts";
import type { Role } from "../auth/session.ts";

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
  source: SourceKind;
  sourceUrl: string | null;
  hasCameraKey: boolean;
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

export interface SheetBall {
  /** Changes when the ball is corrected; correct the current id. */
  id: string;
  pinsStanding: number[];
  /** 10-bit mask, bit i = pin i + 1. */
  standing: number;
  foul: boolean;
  pins: number;
  /** "X", "/", "-", "F" or a digit. */
  mark: string;
  split: boolean;
  source: "manual" | "ai" | "correction";
  corrected: boolean;
  confidence: number | null;
  shotId: string | null;
}

export interface SheetFrame {
  number: number;
  balls: SheetBall[];
  score: number | null;
  total: number | null;
  complete: boolean;
}

export interface NextBall {
  frame: number;
  ball: number;
  /** The rack the ball faces. */
  pinsStanding: number[];
}

export interface SheetBowler {
  id: string;
  position: number;
  name: string;
  userId: string | null;
  frames: SheetFrame[];
  total: number;
  complete: boolean;
  next: NextBall | null;
}

export interface SessionSheet {
  id: string;
  laneId: string;
  status: "open" | "closed";
  openedAt: string;
  closedAt: string | null;
  bowlers: SheetBowler[];
  turn: (NextBall & { bowlerId: string }) | null;
  complete: boolean;
}

export interface SessionSummary {
  id: string;
  laneId: string;
  status: "open" | "closed";
  openedAt: string;
  closedAt: string | null;
  bowlers: { id: string; name: string; total: number; complete: boolean }[];
}

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
  actor: { id: string | null; email: string | null; role: string | null } | null;
  action: string;
  targetType: string;
  targetId: string;
  detail: Record<string, unknown>;
  requestId: string | null;
}

export interface AdminUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

const id = encodeURIComponent;

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** Creates the console's API client over an authenticated fetch. */
export function createStaffApi(fetch: AuthedFetch) {
  const get = <T>(path: string, signal?: AbortSignal) => requestJson<T>(fetch, path, { signal });
  const send = <T>(method: string, path: string, body?: unknown) =>
    requestJson<T>(fetch, path, { method, body });

  return {
    listLanes: (signal?: AbortSignal) => get<StaffLane[]>("/api/staff/lanes", signal),
    createLane: (lane: NewLane) => send<StaffLane>("POST", "/api/lanes", lane),
    updateLane: (laneId: string, patch: LanePatch) =>
      send<StaffLane>("PATCH", `/api/lanes/${id(laneId)}`, patch),
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
    qrUrl: (laneId: string) => `/api/lanes/${id(laneId)}/qr`,

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
    liveUrl: (laneId: string) => `/api/lanes/${id(laneId)}/live`,

    listAudit: (filter: { before?: string; action?: string; limit?: number } = {}) =>
      get<{ entries: AuditEntry[]; next: string | null }>(`/api/audit${query(filter)}`),
    listUsers: (filter: { query?: string; role?: Role; before?: string } = {}) =>
      get<{ users: AdminUser[]; next: string | null }>(`/api/users${query(filter)}`),
    updateUser: (userId: string, patch: { role?: Role; disabled?: boolean }) =>
      send<AdminUser>("PATCH", `/api/users/${id(userId)}`, patch),
  };
}

export type StaffApi = ReturnType<typeof createStaffApi>;
