/** How a shot's numbers and pins read on the spectator's shot card. Pure. */
import { FULL_RACK, isSplit, pinsOf } from "../core/pins.ts";
import { AUTO_SETTLE_CONFIDENCE } from "../core/shot_confidence.ts";
import type { LaneShot } from "./api.ts";
import type { Sheet } from "../core/session_sheet.ts";

/** Whether staff still have to confirm what the AI read (too unsure, or sent to review). */
export function underReview(shot: Pick<LaneShot, "status" | "pinConfidence">): boolean {
  return shot.status === "review" || shot.pinConfidence < AUTO_SETTLE_CONFIDENCE;
}

/** `17.4` (one decimal; mph is given by the label). */
export function formatSpeed(mph: number): string {
  return mph.toFixed(1);
}

/** Boards to one decimal, without a trailing `.0`: `12`, `12.5`. */
export function formatBoard(board: number): string {
  const r = Math.round(board * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

/** An entry angle in degrees, unsigned: `5.8°`. */
export function formatAngle(deg: number): string {
  return `${Math.abs(deg).toFixed(1)}°`;
}

/** `97%`, never rounding up to 100% short of certainty. */
export function formatConfidence(p: number): string {
  const pct = Math.floor(p * 100);
  return `${Math.max(0, Math.min(100, pct))}%`;
}

export interface Leave {
  /** "Strike", "Spare", "7-10 split", "Leave 4-7", "Gutter", "Foul", "Miss". */
  label: string;
  kind: "strike" | "spare" | "split" | "leave" | "foul" | "miss";
}

/** What the ball left, in bowlers' words. */
export function describeLeave(
  shot: Pick<LaneShot, "standing" | "standingBefore" | "foul" | "gutter">,
): Leave {
  if (shot.foul) return { label: "Foul", kind: "foul" };
  const before = shot.standingBefore ?? FULL_RACK;
  const fullRack = before === FULL_RACK;
  if (shot.standing === 0) {
    return fullRack ? { label: "Strike", kind: "strike" } : { label: "Spare", kind: "spare" };
  }
  if (shot.standing === before) {
    return { label: shot.gutter ? "Gutter" : "Miss", kind: "miss" };
  }
  const pins = pinsOf(shot.standing).join("-");
  if (fullRack && isSplit(shot.standing)) return { label: `${pins} split`, kind: "split" };
  return { label: `Leave ${pins}`, kind: "leave" };
}

/** A shot as the sheet scores it now: `correction` (staff's reason) on a ball staff corrected. */
export type ScoredShot = LaneShot & { correction?: string };

/**
 * `shots` with staff's corrections on the sheet laid over the AI's read: a
 * corrected ball's pins (and the rack it faced) replace the shot's, so the
 * last-ball card and the recent balls say what the sheet counts. Pure.
 */
export function asScored(shots: LaneShot[], sheet: Sheet | null): ScoredShot[] {
  const corrected = new Map<
    string,
    { standing: number; standingBefore: number; foul: boolean; reason: string }
  >();
  for (const bowler of sheet?.bowlers ?? []) {
    for (const frame of bowler.frames) {
      frame.balls.forEach((ball, i) => {
        if (!ball.corrected || !ball.shotId) return;
        const prev = frame.balls[i - 1];
        corrected.set(ball.shotId, {
          standing: ball.standing,
          standingBefore: prev && prev.standing !== 0 ? prev.standing : FULL_RACK,
          foul: ball.foul,
          reason: ball.correction?.reason ?? "Corrected by staff",
        });
      });
    }
  }
  if (!corrected.size) return shots;
  return shots.map((shot) => {
    const c = corrected.get(shot.id);
    if (!c) return shot;
    const { reason, ...read } = c;
    return { ...shot, ...read, correction: reason };
  });
}
