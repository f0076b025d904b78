/**
 * The shot outlets of a running server: the lane's live feed (`shot`
 * events) and the sessions engine, which takes a sure shot as the next ball
 * of the lane's open session.
 */
import type { AppDeps } from "../context.ts";
import { recordBall } from "../sessions/service.ts";
import type { ShotOutlets } from "./record.ts";

export function shotOutletsFor(deps: AppDeps): ShotOutlets {
  return {
    publish: (laneId, event) => deps.live.publish(laneId, event),
    recordBall: async (laneId, shot) => {
      await recordBall(deps.db.sql, deps, {
        laneId,
        standing: shot.standing,
        foul: shot.foul,
        source: "ai",
        shotId: shot.id,
        confidence: shot.pinConfidence,
      });
    },
  };
}
