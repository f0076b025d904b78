/**
 * Confidence rules shared by the inference sidecar and the server: a pin
 * state this sure (or surer) settles scores and markets without a person;
 * anything below waits in the staff review queue.
 */
export const AUTO_SETTLE_CONFIDENCE = 0.98;

/** What the rule looks at in a shot report. */
export interface SettleInput {
  pinConfidence: number;
  foul: boolean;
  /** How sure the foul flag is; null when the foul line was not judged. */
  foulConfidence: number | null;
}

/**
 * True when a shot scores without a person: the pins are sure and so is the
 * foul-line verdict, either way (a sure foul scores as a foul, as an alley's
 * foul detector does). An unsure verdict, or a foul line nobody judged,
 * waits for review.
 */
export function settlesAutomatically(s: SettleInput): boolean {
  return s.pinConfidence >= AUTO_SETTLE_CONFIDENCE &&
    s.foulConfidence !== null && s.foulConfidence >= AUTO_SETTLE_CONFIDENCE;
}
