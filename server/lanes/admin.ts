/**
 * Staff changes to lanes: add, rename, enable or disable, hide or show, reorder, set the
 * camera source, rotate the camera key, calibrate. Each writes its audit row
 * in the same transaction as the change. Secrets never reach the audit log
 * (camera keys) and camera URLs go there with their credentials hidden.
 */
import {
  CalibrationError,
  type CalibrationFit,
  type CalibrationPoints,
  fitCalibration,
} from "../../core/calibration.ts";
import { type CameraNetPolicy, cameraUrlProblem } from "../../core/camera_url.ts";
import { DomainError, HttpError } from "../../core/problem.ts";
import type { AuthUser } from "../auth/guard.ts";
import { recordAudit } from "../audit/log.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import { newCameraKey } from "./camera_key.ts";
import {
  bumpPublishEpoch,
  createLane,
  getLane,
  type Lane,
  type LanePatch,
  nextLaneSlot,
  type SourceKind,
  updateLane,
} from "./repo.ts";
import { redactCameraUrl } from "../../core/camera_url.ts";

/** Who is acting, for the audit log. */
export interface Actor {
  user: AuthUser;
  requestId?: string;
}

/** What the operator allows camera URLs to point at (`CAMERA_ALLOWED_NETS`). */
export interface LaneRules {
  cameraNets: CameraNetPolicy;
}

/** A lane whose publishers must go: the SFU is told to drop those of an epoch before `epoch`. */
export interface PublishCut {
  laneId: string;
  epoch: number;
}

export interface NewLaneInput {
  id?: string;
  name: string;
  sourceKind: SourceKind;
  sourceUrl?: string;
  enabled?: boolean;
  hidden?: boolean;
  sortOrder?: number;
}

export interface LaneChanges {
  name?: string;
  enabled?: boolean;
  /** Hidden lanes are staff-only: absent from the public list, 404 at public addresses. */
  hidden?: boolean;
  sortOrder?: number;
  sourceKind?: SourceKind;
  sourceUrl?: string | null;
}

/** Auto-numbered lanes retry this often when another request takes the same number. */
const NUMBER_ATTEMPTS = 5;

export async function addLane(
  sql: Sql,
  actor: Actor,
  input: NewLaneInput,
  rules: LaneRules,
): Promise<Lane> {
  const source = resolveSource(input.sourceKind, input.sourceUrl, rules);
  for (let attempt = 0; attempt < NUMBER_ATTEMPTS; attempt++) {
    const lane = await sql.begin(async (tx) => {
      const slot = await nextLaneSlot(tx);
      const created = await createLane(tx, {
        id: input.id ?? slot.id,
        name: input.name,
        sourceKind: source.sourceKind,
        sourceUrl: source.sourceUrl,
        enabled: input.enabled ?? true,
        hidden: input.hidden ?? false,
        sortOrder: input.sortOrder ?? slot.sortOrder,
      });
      if (created) {
        await audit(tx, actor, "lane.create", created.id, {
          name: created.name,
          sourceKind: created.sourceKind,
          sourceUrl: hideCredentials(created.sourceUrl),
          enabled: created.enabled,
          hidden: created.hidden,
          sortOrder: created.sortOrder,
        });
      }
      return created;
    });
    if (lane) return lane;
    if (input.id) throw new DomainError("lane_exists", `Lane "${input.id}" already exists`);
  }
  throw new DomainError("lane_exists", "Another lane took the next number; try again");
}

/**
 * Changes a lane. Disabling it or changing its kind of source also ends its
 * publish epoch (`cut`: tell the SFU), so no publisher of the old
 * arrangement (the simulator on a lane that now has a camera) stays on.
 */
export async function changeLane(
  sql: Sql,
  actor: Actor,
  id: string,
  changes: LaneChanges,
  rules: LaneRules,
): Promise<{ lane: Lane; cut: PublishCut | null }> {
  if (Object.values(changes).every((v) => v === undefined)) {
    throw new DomainError("invalid_request", "Give at least one field to change");
  }
  return await sql.begin(async (tx) => {
    const before = await lockLane(tx, id);
    const patch: LanePatch = {
      name: changes.name,
      enabled: changes.enabled,
      hidden: changes.hidden,
      sortOrder: changes.sortOrder,
    };
    if (changes.sourceKind !== undefined || changes.sourceUrl !== undefined) {
      const kind = changes.sourceKind ?? before.sourceKind;
      // A new kind drops the old URL unless one is given; a new URL alone keeps the kind.
      const url = changes.sourceUrl !== undefined
        ? changes.sourceUrl
        : kind === before.sourceKind
        ? before.sourceUrl
        : null;
      Object.assign(patch, resolveSource(kind, url ?? undefined, rules));
    }
    const disabled = before.enabled && changes.enabled === false;
    const newKind = patch.sourceKind !== undefined && patch.sourceKind !== before.sourceKind;
    const epoch = disabled || newKind ? await bumpPublishEpoch(tx, id) : null;
    const after = (await updateLane(tx, id, patch))!;
    const changed = (Object.keys(patch) as (keyof LanePatch)[])
      .filter((k) => patch[k] !== undefined && before[k] !== after[k]);
    const shown = (lane: Lane) =>
      Object.fromEntries(
        changed.map((k) => [k, k === "sourceUrl" ? hideCredentials(lane.sourceUrl) : lane[k]]),
      );
    await audit(tx, actor, "lane.update", id, { before: shown(before), after: shown(after) });
    return { lane: after, cut: epoch === null ? null : { laneId: id, epoch } };
  });
}

/**
 * A new camera key for the lane (returned once); the previous one stops
 * working, and so do publish tokens already handed out (`cut`: tell the SFU).
 */
export async function rotateCameraKey(
  sql: Sql,
  actor: Actor,
  id: string,
): Promise<{ key: string; cut: PublishCut }> {
  const { key, hash } = newCameraKey();
  const epoch = await sql.begin(async (tx) => {
    const before = await lockLane(tx, id);
    await updateLane(tx, id, { cameraKeyHash: hash });
    const epoch = (await bumpPublishEpoch(tx, id))!;
    await audit(tx, actor, "lane.camera_key.rotate", id, {
      replaced: before.cameraKeyHash !== null,
      publishEpoch: epoch,
    });
    return epoch;
  });
  return { key, cut: { laneId: id, epoch } };
}

/**
 * Removes the lane's camera key: only staff (and the global key, where it
 * reaches the lane) can publish to it then; publish tokens already handed out stop working.
 */
export async function revokeCameraKey(sql: Sql, actor: Actor, id: string): Promise<PublishCut> {
  const epoch = await sql.begin(async (tx) => {
    const before = await lockLane(tx, id);
    await updateLane(tx, id, { cameraKeyHash: null });
    const epoch = (await bumpPublishEpoch(tx, id))!;
    await audit(tx, actor, "lane.camera_key.revoke", id, {
      had: before.cameraKeyHash !== null,
      publishEpoch: epoch,
    });
    return epoch;
  });
  return { laneId: id, epoch };
}

/** Fits and stores the clicked points; 422 for points that cannot calibrate a lane. */
export async function saveCalibration(
  sql: Sql,
  actor: Actor,
  id: string,
  points: CalibrationPoints,
): Promise<{ lane: Lane; fit: CalibrationFit }> {
  const fit = fitOrRefuse(points);
  const lane = await sql.begin(async (tx) => {
    const before = await lockLane(tx, id);
    const after = (await updateLane(tx, id, { calibration: points }))!;
    await audit(tx, actor, "lane.calibrate", id, {
      replaced: before.calibration !== null,
      width: points.width,
      height: points.height,
      points: fit.points.length,
      rmsPx: Number(fit.rmsPx.toFixed(3)),
    });
    return after;
  });
  return { lane, fit };
}

/** Forgets the lane's calibration (a simulated lane falls back to the simulator's). */
export async function clearCalibration(sql: Sql, actor: Actor, id: string): Promise<void> {
  await sql.begin(async (tx) => {
    const before = await lockLane(tx, id);
    await updateLane(tx, id, { calibration: null });
    await audit(tx, actor, "lane.calibration.clear", id, { had: before.calibration !== null });
  });
}

export function fitOrRefuse(points: CalibrationPoints): CalibrationFit {
  try {
    return fitCalibration(points);
  } catch (err) {
    if (err instanceof CalibrationError) {
      throw new HttpError(422, err.code, err.message, err.details);
    }
    throw err;
  }
}

/** The lane, locked for this transaction, or a 404. */
async function lockLane(tx: SqlOrTx, id: string): Promise<Lane> {
  const [row] = await tx<{ id: string }[]>`select id from lanes where id = ${id} for update`;
  const lane = row ? await getLane(tx, id) : null;
  if (!lane) throw new DomainError("unknown_lane", `Cannot find lane "${id}"`);
  return lane;
}

/** Only "rtsp" lanes have a URL, and they must, one the camera rules allow. */
function resolveSource(
  sourceKind: SourceKind,
  sourceUrl: string | undefined,
  rules: LaneRules,
): Pick<Lane, "sourceKind" | "sourceUrl"> {
  if (sourceKind === "rtsp" && !sourceUrl) {
    throw new DomainError("source_url_required", 'An "rtsp" lane needs "sourceUrl"');
  }
  if (sourceKind !== "rtsp" && sourceUrl) {
    throw new DomainError(
      "source_url_unexpected",
      `A "${sourceKind}" lane takes no "sourceUrl"`,
    );
  }
  const problem = sourceUrl ? cameraUrlProblem(sourceUrl, rules.cameraNets) : null;
  if (problem) throw new DomainError(problem.code, problem.message);
  return { sourceKind, sourceUrl: sourceUrl ?? null };
}

function hideCredentials(url: string | null): string | null {
  return url === null ? null : redactCameraUrl(url);
}

async function audit(
  tx: SqlOrTx,
  actor: Actor,
  action: string,
  laneId: string,
  detail: Record<string, unknown>,
) {
  await recordAudit(tx, {
    actor: actor.user,
    action,
    targetType: "lane",
    targetId: laneId,
    detail,
    requestId: actor.requestId,
  });
}
