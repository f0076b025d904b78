/**
 * `POST /api/resolve`: answers a bet question (a market kind, with a line for
 * the over/under kinds) about one shot of an analysed video, by the live
 * markets' own rule. The analysis's owner or staff may ask. A free-standing
 * upload moves no money (`payout_triggered` false); below the auto-settle
 * confidence the answer is NEEDS_REVIEW. An upload staff attached to a lane
 * ball settles that ball's market of the asked kind (server/markets/video_resolve.ts):
 * only staff may resolve it.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { DomainError } from "../../core/errors.ts";
import { MARKET_KINDS } from "../../core/markets.ts";
import { resolveShot } from "../../core/video_resolve.ts";
import { auth, createApi, createRoute, errors, json, jsonBody, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { ROLES, STAFF } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { getAnalysis } from "../analyze/repo.ts";
import { resolveLaneBall } from "../markets/video_resolve.ts";
import { settleDeps } from "../outbox/topics.ts";

const ResolveBody = z.strictObject({
  analysisId: z.string().min(1).max(64),
  shotIndex: z.number().int().min(0).max(10_000),
  question: z.strictObject({
    kind: z.enum(MARKET_KINDS),
    line: z.number().min(0).max(100).optional(),
  }),
}).refine((b) => !b.question.kind.endsWith("over-under") || b.question.line !== undefined, {
  message: "An over/under question needs a line",
  path: ["question", "line"],
});

const ResolutionSchema = z.object({
  status: z.enum(["RESOLVED", "NEEDS_REVIEW", "REJECTED"]),
  outcome: z.enum(["YES", "NO", "VOID"]),
  confidence: z.number(),
  detected_at: z.number(),
  payout_triggered: z.boolean(),
}).openapi("VideoResolution");

const route = createRoute({
  method: "post",
  path: "/resolve",
  tags: ["Video analysis"],
  summary: "Resolve a bet question about one shot of an analysed video (owner or staff)",
  description: "For an upload staff attached to a lane ball (staff only), the ball's market of " +
    "the asked kind takes the answer: at or above the auto-settle confidence it is determined " +
    "and paid through the ledger at once (`payout_triggered` true on that call only; a repeat " +
    "answers the same and moves nothing), below it waits in `GET /api/markets/video-reviews`. " +
    "A finalized or void market 409 `market_closed`; a ball with no market of that kind 404 " +
    "`unknown_market`; another line than the market's 400 `resolve_line_mismatch`. A " +
    "free-standing upload never moves money.",
  ...auth(...ROLES),
  request: { body: jsonBody(ResolveBody) },
  responses: {
    200: json(ResolutionSchema, "The answer"),
    ...errors(400, 401, 403, 404, 409, 413, 415),
  },
});

export function resolveRoutes(deps: AppDeps): OpenAPIHono {
  const api = createApi();
  api.openapi(route, async (c) => {
    const user = currentUser(c.var);
    const body = c.req.valid("json");
    const stored = await getAnalysis(deps.db.sql, body.analysisId);
    if (!stored || (stored.userId !== user.id && !(STAFF as string[]).includes(user.role))) {
      throw new DomainError("unknown_analysis", `Cannot find analysis "${body.analysisId}"`);
    }
    const shot = stored.result.shots[body.shotIndex];
    if (!shot) {
      throw new DomainError(
        "unknown_analysis_shot",
        `Cannot find shot "${body.shotIndex}" in analysis "${body.analysisId}"`,
      );
    }
    if (!stored.ball) return c.json(resolveShot(shot, body.question), 200);
    if (!(STAFF as string[]).includes(user.role)) {
      throw new DomainError(
        "lane_ball_forbidden",
        `Only staff may resolve analysis "${stored.id}": it settles a lane ball's market`,
      );
    }
    const answer = await resolveLaneBall(
      deps.db.sql,
      settleDeps(deps),
      {
        analysis: { id: stored.id, ball: stored.ball },
        shotIndex: body.shotIndex,
        shot,
        question: body.question,
      },
      { user, requestId: c.get("requestId") },
    );
    return c.json(answer, 200);
  });
  return api;
}
