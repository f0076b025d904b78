/**
 * Confidence rules shared by the inference sidecar and the server: a pin
 * state this sure (or surer) settles scores and markets without a person;
 * anything below waits in the staff review queue.
 */
export const AUTO_SETTLE_CONFIDENCE = 0.98;
