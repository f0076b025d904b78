/**
 * The `shot.score` outbox handler: a sure shot becomes the next ball of its
 * lane's open session; a shot that cannot be scored into it (a ball that
 * cannot follow the bowler's earlier ones, every game complete) is sent to the
 * staff review queue with the reason. A shot on a lane with no open session
 * (open play, a demo lane) belongs to no game: it stays as stored, its fact
 * done, and no one is asked to review it. Runs in the outbox consumer's
 * transaction, so the ball (or the review mark) and the fact's `done_at`
 * commit together; re-running a scored shot adds nothing. A shot sent to
 * review (stored unsure, or unscorable here) suspends the markets of the
 * lane's current turn with its reason, in the same transaction, so they wait
 * for staff rather than settle on a doubtful read.
 */
import { DomainError } from "../../core/problem.ts";
import type { Shot } from "../../core/shot_report.ts";
import type { OutboxHandler } from "../outbox/consumer.ts";
import type { LiveHub } from "../live/hub.ts";
import { hasAiBall } from "../sessions/repo.ts";
import { appendAiBall, publishSheet } from "../sessions/service.ts";
import { markMarketsForReview, publishMarkets } from "../markets/review_mark.ts";
import { getShot, markForReview } from "./repo.ts";

export function shotScoreHandler(deps: { live: LiveHub }): OutboxHandler {
  const publishShot = (shot: Shot) => () =>
    deps.live.publish(shot.laneId, { type: "shot", data: shot });
  return async (tx, fact) => {
    const shot = await getShot(tx, fact.factId, true);
    // Gone with its lane, or scored already.
    if (!shot || await hasAiBall(tx, shot.id)) return;
    if (shot.status === "review") {
      // Waiting for staff since it was stored: so do the markets of its ball.
      const markets = await markMarketsForReview(tx, shot, shot.reviewReason ?? "unsure");
      return markets.length ? () => publishMarkets(deps.live, markets) : undefined;
    }
    try {
      const sheet = await tx.savepoint((sp) =>
        appendAiBall(sp, {
          laneId: shot.laneId,
          standing: shot.standing,
          foul: shot.foul,
          source: "ai",
          shotId: shot.id,
          confidence: shot.pinConfidence,
          releasedAtMs: shot.releasedAtMs,
        })
      );
      if (sheet) return () => publishSheet(deps, sheet);
      return undefined;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const markets = await markMarketsForReview(tx, shot, err.code);
      const publish = publishShot(await markForReview(tx, shot.id, err.code));
      return () => {
        publish();
        publishMarkets(deps.live, markets);
      };
    }
  };
}
