/**
 * The video review queue: resolutions of staff-attached uploads that were
 * below the auto-settle confidence, each with its market. Staff `confirm`
 * the video's read, `override` it with an outcome key (or `void`) and a
 * reason, or `reject` it (the market is left as it is). A confirm or
 * override settles through the same path a sure resolution takes
 * (./video_outcome.ts); every decision is audited as `market.video-review`
 * in its transaction, and a second decision is 409 `video_resolution_decided`.
 *
 * @example
 * ```ts ignore
 * const queue = await listVideoReviews(sql);
 * await decideVideoReview(sql, deps, queue[0].id, { action: "confirm" }, { user: staff });
 * ```
 * @module
 */
import { z } from "zod";
import { type Market, MarketSchema, OUTCOME_KEYS } from "../../core/markets.ts";
import { DomainError } from "../../core/problem.ts";
import { recordAudit } from "../audit/log.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import type { Actor } from "../sessions/common.ts";
import { isUuid, listMarketRows, toMarket } from "./repo.ts";
import type { SettleDeps } from "./settle.ts";
import { lockMarkets } from "./settle_repo.ts";
import { applyVideoOutcome } from "./video_outcome.ts";

/** The most resolutions the queue lists at once (oldest first). */
export const VIDEO_REVIEW_LIMIT = 50;

const Reason = z.string().trim().min(3).max(500);

export const VideoReviewActionSchema = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("confirm") }),
  z.strictObject({
    action: z.literal("override"),
    outcome: z.string().regex(/^[a-z]{2,8}$/).meta({
      description: 'The winning outcome key ("yes", "under", …), or "void" to refund every stake',
    }),
    reason: Reason,
  }),
  z.strictObject({ action: z.literal("reject"), reason: Reason }),
]).meta({ id: "VideoReviewAction" });
export type VideoReviewAction = z.infer<typeof VideoReviewActionSchema>;

export const VideoReviewSchema = z.object({
  id: z.uuid(),
  analysisId: z.uuid(),
  shotIndex: z.number().int(),
  kind: z.string(),
  proposed: z.string().nullable().meta({ description: "The video's outcome key; null: void" }),
  confidence: z.number(),
  detectedAt: z.number().meta({ description: "Seconds into the video" }),
  createdAt: z.string(),
  market: MarketSchema,
}).meta({ id: "VideoReview" });
export type VideoReview = z.infer<typeof VideoReviewSchema>;

interface Row {
  id: string;
  analysis_id: string;
  shot_index: number;
  kind: string;
  market_id: string;
  proposed: string | null;
  confidence: number;
  detected_at: number;
  state: string;
  created_at: Date;
}

/** Resolutions waiting for staff, oldest first, each with its market. */
export async function listVideoReviews(sql: SqlOrTx): Promise<VideoReview[]> {
  const rows = await sql<Row[]>`
    select id, analysis_id, shot_index, kind, market_id, proposed, confidence, detected_at, state,
      created_at
    from video_resolutions where state = 'review'
    order by created_at, id limit ${VIDEO_REVIEW_LIMIT}`;
  if (!rows.length) return [];
  const ids = [...new Set(rows.map((r) => r.market_id))];
  const markets = new Map<string, Market>(
    (await listMarketRows(sql, { ids, limit: ids.length })).map((m) => [m.id, toMarket(m)]),
  );
  return rows.map((r) => ({
    id: r.id,
    analysisId: r.analysis_id,
    shotIndex: r.shot_index,
    kind: r.kind,
    proposed: r.proposed,
    confidence: r.confidence,
    detectedAt: r.detected_at,
    createdAt: r.created_at.toISOString(),
    market: markets.get(r.market_id)!,
  }));
}

/** Staff decide a waiting resolution; whether money moved. */
export async function decideVideoReview(
  sql: Sql,
  deps: SettleDeps,
  id: string,
  decision: VideoReviewAction,
  actor: Actor,
): Promise<{ moved: boolean }> {
  let publish = () => {};
  const moved = await sql.begin(async (tx) => {
    const [row] = isUuid(id)
      ? await tx<Row[]>`select * from video_resolutions where id = ${id} for update`
      : [];
    if (!row) {
      throw new DomainError(
        "unknown_video_resolution",
        `Cannot find resolution "${id.slice(0, 64)}"`,
      );
    }
    if (row.state !== "review") {
      throw new DomainError(
        "video_resolution_decided",
        `Resolution "${row.id}" is not waiting for review`,
        { state: row.state },
      );
    }
    const [m] = await lockMarkets(tx, [row.market_id]);
    // Staff may have reopened the market since the video was queued: bets came in after it.
    if (decision.action !== "reject" && m.state === "open") {
      throw new DomainError(
        "market_open",
        `The "${m.kind}" market on this ball takes bets again: suspend it before a video settles it`,
      );
    }
    let winner: string | null = null;
    if (decision.action === "confirm") winner = row.proposed;
    if (decision.action === "override" && decision.outcome !== "void") {
      if (!OUTCOME_KEYS[m.kind].includes(decision.outcome)) {
        throw new DomainError(
          "unknown_outcome",
          `A "${m.kind}" market has no outcome "${decision.outcome}"`,
          { outcomes: [...OUTCOME_KEYS[m.kind], "void"] },
        );
      }
      winner = decision.outcome;
    }
    const done = decision.action === "reject" ? null : await applyVideoOutcome(tx, deps, m, winner);
    if (done) publish = done.publish;
    const state = { confirm: "confirmed", override: "overridden", reject: "rejected" }[
      decision.action
    ];
    const reason = decision.action === "confirm" ? null : decision.reason;
    await tx`
      update video_resolutions set state = ${state}, result = ${done ? winner : null},
        decided_by = ${actor.user.id}, decided_at = now(), reason = ${reason}
      where id = ${row.id}`;
    await recordAudit(tx, {
      actor: actor.user,
      action: "market.video-review",
      targetType: "market",
      targetId: m.id,
      detail: {
        resolutionId: row.id,
        analysisId: row.analysis_id,
        action: decision.action,
        from: m.state,
        proposed: row.proposed,
        to: done ? winner : m.result,
        reason,
        moved: done?.moved ?? false,
      },
      requestId: actor.requestId,
    });
    return done?.moved ?? false;
  });
  publish();
  return { moved };
}
