/** How a shot's numbers and pins read on the spectator's shot card. Pure. */
import { FULL_RACK, isSplit, pinsOf } from "../core/pins.ts";
import { AUTO_SETTLE_CONFIDENCE } from "../core/shot_confidence.ts";
import type { LaneShot } from "./api.ts";

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
