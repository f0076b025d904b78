/**
 * The review queue of doubtful shots and the markets waiting on them: what
 * staff see (the AI's proposed result, how sure it was, which models, the
 * path and pin read, the markets) and what they decide. `confirm` records
 * the AI's read as a staff ball, `override` records theirs (both audited,
 * both settle through `ball.settle` like any ball); `void` voids the waiting
 * markets and refunds every stake. The shot is marked reviewed in the same
 * transaction, so a second decision is refused.
 *
 * @example
 * ```ts ignore
 * const queue = await listReviews(sql);
 * await reviewShot(sql, deps, queue[0].shot.id, { action: "confirm" }, { user: staff });
 * ```
 * @module
 */
import { z } from "zod";
import { type Market, MarketSchema } from "../../core/markets.ts";
import { pinsOf } from "../../core/pins.ts";
import { DomainError } from "../../core/problem.ts";
import { PathPointSchema, type Shot } from "../../core/shot_report.ts";
import { recordAudit } from "../audit/log.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import { addStaffBall } from "../sessions/balls.ts";
import { type Actor, publish as publishSheet } from "../sessions/common.ts";
import { getShot } from "../shots/repo.ts";
import { listMarketRows, toMarket } from "./repo.ts";
import { currentTurn } from "./review_mark.ts";
import { afterSettling, type SettleDeps } from "./settle.ts";
import { lockMarkets } from "./settle_repo.ts";
import { voidUndetermined } from "./void_markets.ts";

/** The most shots the queue lists at once (oldest first). */
export const REVIEW_QUEUE_LIMIT = 50;

const Reason = z.string().trim().min(3).max(500);

export const ReviewActionSchema = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("confirm") }),
  z.strictObject({
    action: z.literal("override"),
    standing: z.number().int().min(0).max(1023).meta({
      description: "Pins standing after the ball (bit i = pin i + 1)",
    }),
    foul: z.boolean(),
    reason: Reason,
  }),
  z.strictObject({ action: z.literal("void"), reason: Reason }),
]).meta({ id: "ReviewAction" });
export type ReviewAction = z.infer<typeof ReviewActionSchema>;

export const ReviewSchema = z.object({
  shot: z.object({
    id: z.string(),
    laneId: z.string(),
    releasedAt: z.string(),
    reason: z.string().meta({ description: "Why it waits: unsure, impossible_ball, …" }),
  }),
  proposed: z.object({
    standing: z.number().int(),
    pinsStanding: z.array(z.number().int()),
    foul: z.boolean(),
  }).meta({ description: "The AI's read of the ball" }),
  pinConfidence: z.number(),
  trackConfidence: z.number(),
  foulConfidence: z.number().nullable(),
  pinProbabilities: z.array(z.number()),
  models: z.object({ ball: z.string(), pins: z.string(), foul: z.string().optional() }),
  launchSpeedMph: z.number().nullable(),
  path: z.array(PathPointSchema),
  markets: z.array(MarketSchema),
}).meta({ id: "ShotReview" });
export type Review = z.infer<typeof ReviewSchema>;

/** Shots waiting for staff on lanes whose open session they belong to, oldest first, with their markets. */
export async function listReviews(sql: SqlOrTx): Promise<Review[]> {
  const ids = await sql<{ id: string }[]>`
    select s.id from shots s
    where s.status = 'review' and s.reviewed_at is null
      and exists (
        select 1 from bowling_sessions b
        where b.lane_id = s.lane_id and b.status = 'open' and b.opened_at <= s.released_at)
    order by s.released_at, s.id
    limit ${REVIEW_QUEUE_LIMIT}`;
  const shots = (await Promise.all(ids.map((r) => getShot(sql, r.id)))).filter((s) => s !== null);
  const markets = await waitingMarkets(sql, shots.map((s) => s.id));
  return shots.map((s) => toReview(s, markets.get(s.id) ?? []));
}

function toReview(s: Shot, markets: Market[]): Review {
  return {
    shot: {
      id: s.id,
      laneId: s.laneId,
      releasedAt: new Date(s.releasedAtMs).toISOString(),
      reason: s.reviewReason ?? "unsure",
    },
    proposed: { standing: s.standing, pinsStanding: pinsOf(s.standing), foul: s.foul },
    pinConfidence: s.pinConfidence,
    trackConfidence: s.trackConfidence,
    foulConfidence: s.foulConfidence,
    pinProbabilities: s.pinProbabilities,
    models: s.models,
    launchSpeedMph: s.metrics?.launchSpeedMph ?? null,
    path: s.path,
    markets,
  };
}

/** Markets waiting on each shot, by shot id. */
async function waitingMarkets(sql: SqlOrTx, shotIds: string[]): Promise<Map<string, Market[]>> {
  const out = new Map<string, Market[]>();
  if (!shotIds.length) return out;
  const ids = await sql<{ id: string }[]>`
    select id from markets where shot_id = any(${shotIds}::text[]) and review_reason is not null
      and state in ('open', 'suspended')`;
  if (!ids.length) return out;
  const rows = await listMarketRows(sql, { ids: ids.map((r) => r.id), limit: ids.length });
  for (const m of rows.reverse()) {
    const list = out.get(m.shotId!) ?? [];
    list.push(toMarket(m));
    out.set(m.shotId!, list);
  }
  return out;
}

/** Staff decide a shot in review; the markets it touched, as they stand after commit. */
export async function reviewShot(
  sql: Sql,
  deps: SettleDeps & { outbox?: { wake(): void } },
  shotId: string,
  decision: ReviewAction,
  actor: Actor,
): Promise<void> {
  const after = await sql.begin(async (tx) => {
    const shot = await getShot(tx, shotId, true);
    if (!shot) throw new DomainError("unknown_shot", `Cannot find shot "${shotId.slice(0, 64)}"`);
    const [{ reviewed }] = await tx<{ reviewed: boolean }[]>`
      select reviewed_at is not null as reviewed from shots where id = ${shot.id}`;
    if (shot.status !== "review" || reviewed) {
      throw new DomainError("shot_not_in_review", `Shot "${shot.id}" is not waiting for review`, {
        shotStatus: reviewed ? "reviewed" : shot.status,
      });
    }
    const waiting = await tx<{ id: string; bowler_id: string }[]>`
      select id, bowler_id from markets where shot_id = ${shot.id} and review_reason is not null
        and state in ('open', 'suspended')`;
    await tx`
      update shots set reviewed_at = now(), reviewed_by = ${actor.user.id},
        review_action = ${decision.action}
      where id = ${shot.id}`;
    await recordAudit(tx, {
      actor: actor.user,
      action: "market.review",
      targetType: "shot",
      targetId: shot.id,
      detail: {
        action: decision.action,
        proposed: { pinsStanding: pinsOf(shot.standing), foul: shot.foul },
        ...(decision.action === "override"
          ? { to: { pinsStanding: pinsOf(decision.standing), foul: decision.foul } }
          : {}),
        ...(decision.action === "confirm" ? {} : { reason: decision.reason }),
        markets: waiting.map((m) => m.id),
      },
      requestId: actor.requestId,
    });
    if (decision.action === "void") {
      const markets = await lockMarkets(tx, waiting.map((m) => m.id));
      const done = await voidUndetermined(tx, deps, markets, decision.reason);
      return await afterSettling(tx, deps, done);
    }
    const turn = await currentTurn(tx, shot.laneId, shot.releasedAtMs);
    if (!turn) {
      throw new DomainError(
        "no_turn",
        `Lane "${shot.laneId}" has no open session waiting for a ball from shot "${shot.id}"`,
      );
    }
    const ball = decision.action === "confirm"
      ? { standing: shot.standing, foul: shot.foul }
      : { standing: decision.standing, foul: decision.foul };
    const sheet = await addStaffBall(
      tx,
      turn.sessionId,
      { ...ball, bowlerId: waiting[0]?.bowler_id },
      actor,
      { shotId: shot.id, audit: { review: decision.action } },
    );
    return () => publishSheet(deps, sheet);
  });
  after();
}
