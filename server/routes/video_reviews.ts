/**
 * The staff queue of doubtful video resolutions (uploads staff attached to
 * a lane ball whose read was below the auto-settle confidence): list them,
 * and confirm, override or reject one. Confirm and override settle the
 * ball's market through the ledger at once; every decision is audited.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { auth, createApi, createRoute, errors, json, jsonBody, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { STAFF } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { getMarket } from "../markets/repo.ts";
import {
  decideVideoReview,
  listVideoReviews,
  VideoReviewActionSchema,
  VideoReviewSchema,
} from "../markets/video_reviews.ts";
import { settleDeps } from "../outbox/topics.ts";
import { MarketSchema } from "../../core/markets.ts";

const TAGS = ["Markets"];

const listRoute = createRoute({
  method: "get",
  path: "/markets/video-reviews",
  tags: TAGS,
  summary: "Video resolutions waiting for staff, oldest first, each with its market",
  ...auth(...STAFF),
  responses: {
    200: json(z.object({ reviews: z.array(VideoReviewSchema) }), "The queue"),
    ...errors(401, 403),
  },
});

const decideRoute = createRoute({
  method: "post",
  path: "/markets/video-reviews/{id}",
  tags: TAGS,
  summary: "Confirm, override or reject a video resolution",
  description: "`confirm` settles the market with the video's read, `override` with `outcome` " +
    '(an outcome key, or "void" to refund every stake) and a reason; `reject` leaves the market ' +
    "as it is. Unknown resolution 404 `unknown_video_resolution`; already decided 409 " +
    "`video_resolution_decided`; a finalized or void market 409 `market_closed`. Audited as " +
    "`market.video-review`.",
  ...auth(...STAFF),
  request: {
    params: z.object({
      id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }),
    }),
    body: jsonBody(VideoReviewActionSchema),
  },
  responses: {
    200: json(
      z.object({ market: MarketSchema, payout_triggered: z.boolean() }),
      "The market as it stands now",
    ),
    ...errors(400, 401, 403, 404, 409, 413, 415),
  },
});

export function videoReviewRoutes(deps: AppDeps): OpenAPIHono {
  const sql = deps.db.sql;
  const settle = settleDeps(deps);
  return createApi()
    .openapi(listRoute, async (c) => c.json({ reviews: await listVideoReviews(sql) }, 200))
    .openapi(decideRoute, async (c) => {
      const { id } = c.req.valid("param");
      const actor = { user: currentUser(c.var), requestId: c.get("requestId") };
      const { moved } = await decideVideoReview(sql, settle, id, c.req.valid("json"), actor);
      const [row] = await sql<{ market_id: string }[]>`
        select market_id from video_resolutions where id = ${id}`;
      const market = (await getMarket(sql, row.market_id))!;
      return c.json({ market, payout_triggered: moved }, 200);
    });
}
