/**
 * Which ball comes next in a game of ten-pin, and on which pins. Frames 1–9:
 * a strike ends the frame, otherwise ball 2 goes at what is left. Frame 10:
 * a strike or spare earns a third ball; the pinsetter sets a full rack after
 * every strike and spare there. A foul scores zero, so the pins it knocked
 * are respotted for the next ball.
 */
import { ALL_PINS } from "./pins.ts";

export interface BallSlot {
  /** 1-based game number on this lane. */
  game: number;
  /** Bowling frame, 1…10. */
  frame: number;
  /** Ball in the frame, 1…3. */
  ball: 1 | 2 | 3;
  /** Pins standing when the ball is thrown (10-bit mask). */
  standingBefore: number;
  /** Frame 10 only: whether a third ball has been earned. */
  bonus: boolean;
}

export function firstSlot(): BallSlot {
  return { game: 1, frame: 1, ball: 1, standingBefore: ALL_PINS, bonus: false };
}

/** The slot after `slot`, given what the ball left standing and whether it fouled. */
export function nextSlot(slot: BallSlot, standingAfter: number, foul: boolean): BallSlot {
  const cleared = !foul && standingAfter === 0;
  // Pins knocked down by a foul are respotted.
  const left = foul ? slot.standingBefore : standingAfter;
  const newFrame = (frame: number, game = slot.game): BallSlot => ({
    game,
    frame,
    ball: 1,
    standingBefore: ALL_PINS,
    bonus: false,
  });
  if (slot.frame < 10) {
    if (slot.ball === 1 && !cleared) {
      return { ...slot, ball: 2, standingBefore: left };
    }
    return newFrame(slot.frame + 1);
  }
  if (slot.ball === 1) {
    return { ...slot, ball: 2, standingBefore: cleared ? ALL_PINS : left, bonus: cleared };
  }
  if (slot.ball === 2) {
    if (slot.bonus) return { ...slot, ball: 3, standingBefore: cleared ? ALL_PINS : left };
    if (cleared) return { ...slot, ball: 3, standingBefore: ALL_PINS, bonus: true };
  }
  return newFrame(1, slot.game + 1);
}
