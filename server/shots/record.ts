/**
 * What happens to a shot the sidecar reports: stored once (by its id); when
 * new, published on the lane's live feed as `shot`, and when its pin state and
 * its foul line are sure enough, handed to the lane's bowling session as the
 * next ball.
 * Unsure shots are stored with status "review" for the staff queue.
 */
import { settlesAutomatically } from "../../core/shot_confidence.ts";
import type { AppDeps } from "../context.ts";
import { insertShot } from "./repo.ts";
import type { Shot, ShotReport, ShotStatus } from "../../core/shot_report.ts";

/** Where a new shot goes besides the database (the live hub and the sessions engine). */
export interface ShotOutlets {
  publish?(laneId: string, event: { type: string; data: unknown }): void;
  /** Records the shot as the next ball of the lane's open session, if there is one. */
  recordBall?(laneId: string, shot: Shot): Promise<void>;
}

export function shotStatus(report: ShotReport): ShotStatus {
  return settlesAutomatically(report) ? "auto" : "review";
}

export async function recordShot(
  deps: AppDeps,
  outlets: ShotOutlets,
  laneId: string,
  report: ShotReport,
): Promise<{ shot: Shot; created: boolean }> {
  const result = await insertShot(deps.db.sql, laneId, report, shotStatus(report));
  if (!result.created) return result;
  if (result.shot.status === "auto" && outlets.recordBall) {
    try {
      await outlets.recordBall(laneId, result.shot);
    } catch (err) {
      console.error(`shots: lane "${laneId}" shot "${report.id}" could not be scored`, err);
    }
  }
  outlets.publish?.(laneId, { type: "shot", data: result.shot });
  return result;
}
