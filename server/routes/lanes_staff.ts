/**
 * Lane administration for staff and admins: every lane with camera health and
 * calibration, add, change (name, enabled, order, camera source), camera keys,
 * calibration. Each change is audited (server/lanes/admin.ts); a change of
 * source is pushed to the SFU at once, and so is the end of a lane's publish
 * epoch (camera key rotated or removed, lane disabled): its publishers are dropped.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { cameraNetPolicy } from "../../core/camera_url.ts";
import { CalibrationPointsSchema } from "../../core/calibration_schema.ts";
import { auth, createApi, createRoute, errors, json, jsonBody, LaneIdParam, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { STAFF } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import {
  type Actor,
  addLane,
  changeLane,
  clearCalibration,
  type LaneRules,
  revokeCameraKey,
  rotateCameraKey,
  saveCalibration,
} from "../lanes/admin.ts";
import { laneIdOr404 } from "../lanes/find.ts";
import { listLanes } from "../lanes/repo.ts";
import { cutPublishers } from "../lanes/sfu_ingest.ts";
import {
  CalibrationAnswer,
  CameraKeyAnswer,
  LanePatchBody,
  NewLaneBody,
  StaffLane,
} from "../lanes/schemas.ts";
import { staffLane } from "../lanes/views.ts";
import { sfuPublicUrl } from "./lanes.ts";

const TAGS = ["Lanes (staff)"];
const STAFF_ONLY = auth(...STAFF);

const listRoute = createRoute({
  method: "get",
  path: "/staff/lanes",
  tags: TAGS,
  summary: "Every lane with camera health and calibration",
  ...STAFF_ONLY,
  responses: { 200: json(z.array(StaffLane), "All lanes, disabled ones too"), ...errors(401, 403) },
});

const createLaneRoute = createRoute({
  method: "post",
  path: "/lanes",
  tags: TAGS,
  summary: "Add a lane",
  ...STAFF_ONLY,
  request: { body: jsonBody(NewLaneBody) },
  responses: { 201: json(StaffLane, "The new lane"), ...errors(400, 401, 403, 409, 413, 415) },
});

const patchRoute = createRoute({
  method: "patch",
  path: "/lanes/{id}",
  tags: TAGS,
  summary: "Rename, enable or disable, reorder, or set the camera source",
  ...STAFF_ONLY,
  request: { params: LaneIdParam, body: jsonBody(LanePatchBody) },
  responses: {
    200: json(StaffLane, "The lane as changed"),
    ...errors(400, 401, 403, 404, 413, 415),
  },
});

const rotateKeyRoute = createRoute({
  method: "post",
  path: "/lanes/{id}/camera-key",
  tags: TAGS,
  summary: "A new camera key for the lane (shown once; replaces the old one)",
  description:
    "The old key stops working, and so do publish tokens given out with it: the lane's " +
    "live publishers are dropped.",
  ...STAFF_ONLY,
  request: { params: LaneIdParam },
  responses: {
    200: json(CameraKeyAnswer, "The key; only its hash is kept"),
    ...errors(400, 401, 403, 404),
  },
});

const revokeKeyRoute = createRoute({
  method: "delete",
  path: "/lanes/{id}/camera-key",
  tags: TAGS,
  summary: "Remove the lane's camera key",
  description:
    "Publish tokens given out before stop working: the lane's live publishers are dropped.",
  ...STAFF_ONLY,
  request: { params: LaneIdParam },
  responses: { 204: { description: "Removed" }, ...errors(400, 401, 403, 404) },
});

const putCalibrationRoute = createRoute({
  method: "put",
  path: "/lanes/{id}/calibration",
  tags: TAGS,
  summary: "Calibrate the lane from points clicked on a still frame",
  description:
    "Both foul-line ends, arrows 5, 20 and 35 (others optional), and at least 4 pins including 1, 7 " +
    "and 10. Points that cannot calibrate a lane (missing, duplicated, outside the frame, collinear, no " +
    "consistent fit) are a 422 problem.",
  ...STAFF_ONLY,
  request: { params: LaneIdParam, body: jsonBody(CalibrationPointsSchema) },
  responses: {
    200: json(CalibrationAnswer, "Stored, with the fit and each point's reprojection error"),
    ...errors(400, 401, 403, 404, 413, 415, 422),
  },
});

const deleteCalibrationRoute = createRoute({
  method: "delete",
  path: "/lanes/{id}/calibration",
  tags: TAGS,
  summary: "Forget the lane's calibration (simulated lanes fall back to the simulator's camera)",
  ...STAFF_ONLY,
  request: { params: LaneIdParam },
  responses: { 204: { description: "Forgotten" }, ...errors(400, 401, 403, 404) },
});

export function laneStaffRoutes(deps: AppDeps): OpenAPIHono {
  const { db, sfu, keys } = deps;
  const api = createApi();
  const rules: LaneRules = { cameraNets: cameraNetPolicy(deps.config.CAMERA_ALLOWED_NETS) };
  const actor = (c: Context): Actor => ({
    user: currentUser(c.var),
    requestId: c.get("requestId"),
  });
  /** Camera pulls follow lane changes at once, not at the next periodic sync. */
  const syncCameras = () => deps.cameras?.syncNow();
  const sfuBase = (c: Context) => sfuPublicUrl(c, deps.config.SFU_PUBLIC_URL, deps.config.SFU_URL);

  api.openapi(listRoute, async (c) => {
    const [lanes, status] = await Promise.all([listLanes(db.sql), sfu.lanes()]);
    return c.json(lanes.map((l) => staffLane(l, status, sfuBase(c))), 200);
  });

  api.openapi(createLaneRoute, async (c) => {
    const lane = await addLane(db.sql, actor(c), c.req.valid("json"), rules);
    await syncCameras();
    return c.json(staffLane(lane, await sfu.lanes(), sfuBase(c)), 201);
  });

  api.openapi(patchRoute, async (c) => {
    const { lane, cut } = await changeLane(
      db.sql,
      actor(c),
      laneIdOr404(c.req.valid("param").id),
      c.req.valid("json"),
      rules,
    );
    if (cut) await cutPublishers(sfu, keys, cut);
    await syncCameras();
    return c.json(staffLane(lane, await sfu.lanes(), sfuBase(c)), 200);
  });

  api.openapi(rotateKeyRoute, async (c) => {
    const id = laneIdOr404(c.req.valid("param").id);
    const { key: cameraKey, cut } = await rotateCameraKey(db.sql, actor(c), id);
    await cutPublishers(sfu, keys, cut);
    c.header("cache-control", "no-store");
    return c.json({ laneId: id, cameraKey }, 200);
  });

  api.openapi(revokeKeyRoute, async (c) => {
    const cut = await revokeCameraKey(db.sql, actor(c), laneIdOr404(c.req.valid("param").id));
    await cutPublishers(sfu, keys, cut);
    return c.body(null, 204);
  });

  api.openapi(putCalibrationRoute, async (c) => {
    const id = laneIdOr404(c.req.valid("param").id);
    const points = c.req.valid("json");
    const { lane, fit } = await saveCalibration(db.sql, actor(c), id, points);
    return c.json({ laneId: lane.id, source: "stored" as const, points, fit }, 200);
  });

  api.openapi(deleteCalibrationRoute, async (c) => {
    const id = laneIdOr404(c.req.valid("param").id);
    await clearCalibration(db.sql, actor(c), id);
    return c.body(null, 204);
  });

  return api;
}
