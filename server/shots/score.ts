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
 *
 * With open play on (`openPlay`), a shot on a lane with no game opens an
 * open-play game from its release (server/sessions/open_play.ts) and becomes
 * its first ball, and a shot after a complete open-play game starts the next.
 */
import { DomainError } from "../../core/problem.ts";
import type { Shot } from "../../core/shot_report.ts";
import type { OutboxHandler } from "../outbox/consumer.ts";
import type { LiveHub } from "../live/hub.ts";
import { hasAiBall } from "../sessions/repo.ts";
import { appendAiBall, publishSheet } from "../sessions/service.ts";
import { markMarketsForReview, publishMarkets } from "../markets/review_mark.ts";
import { ensureOpenPlay, type OpenPlayScope } from "../sessions/open_play.ts";
import type { Sheet } from "../sessions/sheet.ts";
import type { SqlOrTx } from "../db.ts";
import { getShot, markForReview } from "./repo.ts";

export interface ShotScoreDeps {
  live: LiveHub;
  /** Open play on (`OPEN_PLAY`), with the lanes it leaves to the sim keeper; off when absent. */
  openPlay?: OpenPlayScope | null;
}

export function shotScoreHandler(deps: ShotScoreDeps): OutboxHandler {
  /** Opens (or replaces) the lane's open-play game for the shot; the sheets to publish. */
  const openPlayFor = async (tx: SqlOrTx, shot: Shot): Promise<Sheet[]> => {
    if (!deps.openPlay) return [];
    const at = new Date(shot.releasedAtMs);
    return await ensureOpenPlay(tx, shot.laneId, { at, bowledAt: at }, deps.openPlay);
  };
  const publishShot = (shot: Shot) => () =>
    deps.live.publish(shot.laneId, { type: "shot", data: shot });
  return async (tx, fact) => {
    const shot = await getShot(tx, fact.factId, true);
    // Gone with its lane, or scored already.
    if (!shot || await hasAiBall(tx, shot.id)) return;
    const opened = await openPlayFor(tx, shot);
    const publishOpened = () => opened.forEach((s) => publishSheet(deps, s));
    if (shot.status === "review") {
      // Waiting for staff since it was stored: so do the markets of its ball.
      const markets = await markMarketsForReview(tx, shot, shot.reviewReason ?? "unsure");
      return () => {
        publishOpened();
        publishMarkets(deps.live, markets);
      };
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
      return () => {
        publishOpened();
        if (sheet) publishSheet(deps, sheet);
      };
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const markets = await markMarketsForReview(tx, shot, err.code);
      const publish = publishShot(await markForReview(tx, shot.id, err.code));
      return () => {
        publishOpened();
        publish();
        publishMarkets(deps.live, markets);
      };
    }
  };
}
