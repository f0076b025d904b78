/**
 * Turns several reads of the pins, taken once they have settled, into one
 * 10-bit standing state with a confidence. Reads are averaged per pin; pins
 * that were not standing before the ball cannot stand after it; frames that
 * disagree lower the confidence. A state is settled automatically only at or
 * above {@linkcode AUTO_SETTLE_CONFIDENCE}; anything below goes to review.
 */
import { AUTO_SETTLE_CONFIDENCE } from "../../core/shot_confidence.ts";
import type { PinStateResult } from "../models/types.ts";

export const ALL_PINS = 0x3ff;
export { AUTO_SETTLE_CONFIDENCE };
/** Reads to combine after the pins settle. */
export const PIN_READS = 5;

export interface PinVote {
  standing: number;
  /** P(standing) for pins 1..10. */
  probabilities: number[];
  confidence: number;
  reads: number;
}

/** Combines `reads`; `possible` holds the pins that may stand (those standing before the ball). */
export function combinePinReads(reads: PinStateResult[], possible = ALL_PINS): PinVote | null {
  if (reads.length === 0) return null;
  const probabilities: number[] = [];
  let standing = 0;
  let confidence = 1;
  for (let pin = 0; pin < 10; pin++) {
    if (!((possible >> pin) & 1)) {
      probabilities.push(0);
      continue;
    }
    let sum = 0;
    for (const r of reads) sum += r.probabilities[pin];
    const p = sum / reads.length;
    probabilities.push(Math.round(p * 1e4) / 1e4);
    if (p >= 0.5) standing |= 1 << pin;
    confidence = Math.min(confidence, Math.max(p, 1 - p));
  }
  // Every read must name the same state (within the possible pins) for full confidence.
  const agreeing = reads.filter((r) => (r.standing & possible) === standing).length / reads.length;
  confidence = Math.min(confidence, agreeing);
  // A single read is never enough to settle without a person.
  if (reads.length < 2) confidence = Math.min(confidence, AUTO_SETTLE_CONFIDENCE - 0.01);
  return {
    standing,
    probabilities,
    confidence: Math.round(confidence * 1e4) / 1e4,
    reads: reads.length,
  };
}

/** Pins standing as a list of pin numbers, e.g. 0b1000000001 → [1, 10]. */
export function pinsOf(standing: number): number[] {
  const out: number[] = [];
  for (let pin = 1; pin <= 10; pin++) if ((standing >> (pin - 1)) & 1) out.push(pin);
  return out;
}
