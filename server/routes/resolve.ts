/**
 * `POST /api/resolve`: answers a bet question (a market kind, with a line for
 * the over/under kinds) about one shot of an analysed video, by the live
 * markets' own rule. The analysis's owner or staff may ask. A free-standing
 * upload moves no money (`payout_triggered` false); below the auto-settle
 * confidence the answer is NEEDS_REVIEW.
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
  status: z.enum(["RESOLVED", "NEEDS_REVIEW"]),
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
  ...auth(...ROLES),
  request: { body: jsonBody(ResolveBody) },
  responses: { 200: json(ResolutionSchema, "The answer"), ...errors(400, 401, 404, 413, 415) },
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
    return c.json(resolveShot(shot, body.question), 200);
  });
  return api;
}
