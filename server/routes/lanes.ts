/**
 * Lanes for spectators and cameras: the live list and one lane, a viewer
 * token for any enabled lane (no login), a publisher token for staff or a
 * camera that presents a key, the lane's calibration and its QR code (the
 * lane's page, or its check-in page with an open session's code). Staff administration is in lanes_staff.ts, mounted here.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { signLaneToken } from "../../core/lane_token.ts";
import { DomainError } from "../../core/problem.ts";
import { createApi, createRoute, errors, json, LaneIdParam, z } from "../api.ts";
import { clientIp } from "../auth/client_ip.ts";
import { createThrottle, tooManyAttempts } from "../auth/throttle.ts";
import type { AppDeps } from "../context.ts";
import { laneCalibration } from "../lanes/calibration.ts";
import { auditPublishGrant, authorizePublisher } from "../lanes/publisher.ts";
import { lanePath, QR_CONTENT_TYPES, renderQr, siteLink } from "../lanes/qr.ts";
import { checkInPath } from "../../core/check_in.ts";
import { sessionForCode } from "../sessions/check_in.ts";
import { checkInCodesFor, MAX_CODE_LENGTH } from "../sessions/check_in_code.ts";
import { findLane, findVisibleLane, seesHiddenLanes } from "../lanes/find.ts";
import { type Lane, listLanes } from "../lanes/repo.ts";
import { createLaneGames } from "../lanes/lane_games.ts";
import {
  CalibrationAnswer,
  LaneGrant,
  PublicLane,
  PublicLaneDetail,
  QrQuery,
} from "../lanes/schemas.ts";
import { publicLane, publicLaneDetail } from "../lanes/views.ts";
import { laneStaffRoutes } from "./lanes_staff.ts";

const TAGS = ["Lanes"];
const PUBLIC = { "x-roles": ["public"] };

const listRoute = createRoute({
  method: "get",
  path: "/lanes",
  tags: TAGS,
  summary: "Enabled lanes with their live state and game (hidden lanes left out)",
  ...PUBLIC,
  responses: { 200: json(z.array(PublicLane), "Enabled lanes in display order") },
});

const getRoute = createRoute({
  method: "get",
  path: "/lanes/{id}",
  tags: TAGS,
  summary: "One lane (enabled or not; a hidden lane is 404 but for staff)",
  ...PUBLIC,
  request: { params: LaneIdParam },
  responses: { 200: json(PublicLaneDetail, "The lane"), ...errors(400, 404) },
});

const watchRoute = createRoute({
  method: "post",
  path: "/lanes/{id}/watch",
  tags: TAGS,
  summary: "A viewer token for a lane (no login needed)",
  description:
    "Limited per client address (WATCH_LIMIT_PER_MINUTE); over the limit, 429 with Retry-After.",
  ...PUBLIC,
  request: { params: LaneIdParam },
  responses: {
    200: json(LaneGrant, "Token and WHEP/signaling addresses"),
    ...errors(400, 404, 409, 429),
  },
});

const publishRoute = createRoute({
  method: "post",
  path: "/lanes/{id}/publish",
  tags: TAGS,
  summary: "A publisher token for a lane",
  description:
    "Needs a staff or admin access token, the lane's camera key, or the global camera key as the " +
    'bearer (the global key on simulated lanes only, unless CAMERA_KEY_LANES is "all"). The token ' +
    "carries the lane's publish epoch: rotating the camera key or disabling the lane ends it. Audited.",
  security: [{ bearer: [] }],
  "x-roles": ["staff", "admin", "camera"],
  request: { params: LaneIdParam },
  responses: {
    200: json(LaneGrant, "Token and WHIP/signaling addresses"),
    ...errors(400, 401, 403, 404, 409),
  },
});

const calibrationRoute = createRoute({
  method: "get",
  path: "/lanes/{id}/calibration",
  tags: TAGS,
  summary: "The lane's calibration and its fitted homography",
  description: "Stored clicks, or the simulator's camera for a simulated lane without any.",
  ...PUBLIC,
  request: { params: LaneIdParam },
  responses: {
    200: json(CalibrationAnswer, "Points, fit and reprojection errors"),
    ...errors(400, 404),
  },
});

const qrRoute = createRoute({
  method: "get",
  path: "/lanes/{id}/qr",
  tags: TAGS,
  summary: "QR code of the lane's page, or with `code` of its check-in page",
  description:
    "Without `code`: the lane's page (never a check-in address). With an open session's check-in " +
    "code (staff get it from `GET /api/sessions/{id}/check-in-code`): the check-in page with that " +
    "code, refused like a check-in once the code is no longer good (403 `check_in_code_invalid` or " +
    "`check_in_code_expired`, 409 `no_session` after the session closed).",
  ...PUBLIC,
  request: {
    params: LaneIdParam,
    query: QrQuery.extend({
      code: z.string().min(1).max(MAX_CODE_LENGTH).optional()
        .openapi({ description: "The open session's check-in code" }),
    }),
  },
  responses: {
    200: {
      description: "SVG (default) or PNG",
      content: {
        "image/svg+xml": { schema: z.string() },
        "image/png": { schema: z.string().openapi({ format: "binary" }) },
      },
    },
    ...errors(400, 403, 404, 409),
  },
});

export function laneRoutes(deps: AppDeps): OpenAPIHono {
  const { db, sfu, keys, config } = deps;
  const api = createApi();
  const codes = checkInCodesFor(deps);
  // Every grid polls the list: one read of every lane's game per period serves them all.
  const laneGames = createLaneGames({ sql: db.sql, cacheMs: config.LANE_GAMES_CACHE_MS });
  // Each viewer token opens SFU transports: one address may not mint them without end.
  const watchThrottle = createThrottle({
    kv: deps.kv,
    scope: "watch-ip",
    limit: config.WATCH_LIMIT_PER_MINUTE,
    windowMs: 60_000,
  });

  /** The route's lane, a 404 when it is hidden from this caller. */
  const visible = (c: Context) => findVisibleLane(db.sql, c.req.param("id") ?? "", c.var.user);

  api.openapi(listRoute, async (c) => {
    const [lanes, status, games] = await Promise.all([
      listLanes(db.sql),
      sfu.lanes(),
      laneGames.games(),
    ]);
    const shown = lanes.filter((l) => l.enabled && !l.hidden);
    return c.json(shown.map((l) => publicLane(l, status, games)), 200);
  });

  api.openapi(getRoute, async (c) => {
    const lane = await visible(c);
    if (lane.hidden || seesHiddenLanes(c.var.user)) c.header("cache-control", "private, no-store");
    const [status, games] = await Promise.all([sfu.lanes(), laneGames.games()]);
    return c.json(publicLaneDetail(lane, status, games), 200);
  });

  /** A lane token for `right` and the SFU addresses to use it at. */
  async function grant(c: Context, lane: Lane, right: "lane:view" | "lane:publish", sub: string) {
    // A publish token dies with its epoch (key rotated, lane disabled); see core/lane_token.ts.
    const epoch = right === "lane:publish" ? lane.publishEpoch : undefined;
    // Several SFU hosts: the token names the host picked by load (and a viewer's, the lane's origin to pipe from).
    const placed = right === "lane:view"
      ? await deps.sfuHosts?.forViewer(lane.id)
      : { host: await deps.sfuHosts?.forPublisher(lane.id), origin: undefined };
    const host = placed?.host;
    const claims = {
      lane: lane.id,
      right,
      sub,
      epoch,
      host: host?.id,
      origin: placed?.origin?.internalUrl,
    };
    const token = await signLaneToken(keys.privateKey, claims, {
      ttlSeconds: config.LANE_TOKEN_TTL_S,
      kid: keys.kid,
    });
    const base = host?.publicUrl.replace(/\/$/, "") ??
      sfuPublicUrl(c, config.SFU_PUBLIC_URL, config.SFU_URL);
    return {
      token,
      expiresIn: config.LANE_TOKEN_TTL_S,
      ...(right === "lane:view"
        ? { whepUrl: `${base}/whep/${lane.id}` }
        : { whipUrl: `${base}/whip/${lane.id}` }),
      signalingUrl: `${base.replace(/^http/, "ws")}/ws/${lane.id}?token=${token}`,
    };
  }

  api.openapi(watchRoute, async (c) => {
    const wait = await watchThrottle.consume(clientIp(c, config.TRUST_PROXY));
    if (wait) throw tooManyAttempts(wait);
    const lane = enabled(await visible(c));
    return c.json(await grant(c, lane, "lane:view", "spectator"), 200);
  });

  api.openapi(publishRoute, async (c) => {
    // Cameras publish to hidden lanes too (a test lane is hidden from spectators, not from them).
    const lane = enabled(await findLane(db.sql, c.req.valid("param").id));
    const publisher = authorizePublisher(
      {
        authorization: c.req.header("authorization"),
        user: c.var.user,
        authError: c.var.authError,
      },
      lane,
      { key: deps.cameraKey, lanes: config.CAMERA_KEY_LANES },
    );
    await auditPublishGrant(db.sql, {
      publisher,
      laneId: lane.id,
      epoch: lane.publishEpoch,
      address: clientIp(c, config.TRUST_PROXY),
      requestId: c.get("requestId"),
    });
    return c.json(await grant(c, lane, "lane:publish", publisher.sub), 200);
  });

  api.openapi(calibrationRoute, async (c) => {
    const lane = await visible(c);
    const state = laneCalibration(lane);
    if (!state) throw new DomainError("not_calibrated", `Lane "${lane.id}" is not calibrated`);
    return c.json(
      { laneId: lane.id, source: state.source, points: state.points, fit: state.fit },
      200,
    );
  });

  api.openapi(qrRoute, async (c) => {
    const lane = await visible(c);
    const { format, size, code } = c.req.valid("query");
    if (code) await sessionForCode(db.sql, codes, lane.id, code);
    const path = code ? checkInPath(lane.id, code) : lanePath(lane.id);
    const site = config.PUBLIC_URL ?? new URL(c.req.url).origin;
    const body = await renderQr(siteLink(site, path), format, size);
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      "content-type": QR_CONTENT_TYPES[format],
      "cache-control": code ? "private, no-store" : "public, max-age=300",
      // Without PUBLIC_URL the link names the request's host: a shared cache must key on it.
      ...(config.PUBLIC_URL ? {} : { vary: "Host" }),
      "content-disposition": `inline; filename="lane-${lane.id}${
        code ? "-check-in" : ""
      }.${format}"`,
    });
  });

  api.route("/", laneStaffRoutes(deps));
  return api;
}

function enabled(lane: Lane): Lane {
  if (!lane.enabled) throw new DomainError("lane_disabled", `Lane "${lane.id}" is disabled`);
  return lane;
}

/** The SFU's address as the caller's browser reaches it. */
export function sfuPublicUrl(c: Context, configured: string | undefined, internal: string): string {
  if (configured) return configured.replace(/\/$/, "");
  const sfuPort = new URL(internal).port || "8001";
  const host = new URL(c.req.url).hostname;
  const proto = c.req.header("x-forwarded-proto") === "https" ? "https" : "http";
  return `${proto}://${host}:${sfuPort}`;
}
