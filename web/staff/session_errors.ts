/**
 * A session write's refusal in plain words for the person at the console
 * (never the server's own text): what happened and what to do. Pure.
 */
import { ApiError } from "../api.ts";

const WORDS: Record<string, string> = {
  no_change: "The ball already reads that way: tap the pins that really fell",
  ball_superseded: "Someone corrected this ball a moment ago: pick it again on the sheet",
  unknown_ball: "This ball is no longer on the sheet: pick it again",
  invalid_ball: "Those pins cannot fall on this ball: check the pins and the foul box",
  session_closed: "This session is closed: no new balls can be entered",
  game_complete: "Every game is complete: there is no next ball",
  bowler_removed: "That bowler was taken out of the session",
  unknown_session: "Cannot find this session: it may have been removed",
  invalid_request: "Check the pins and the reason (3 to 500 characters), then save again",
  unauthenticated: "Your sign-in has ended: sign in again",
  forbidden: "Only staff can change a score sheet",
};

export function sessionErrorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code && WORDS[error.code]) return WORDS[error.code];
    if (error.status === 429) return "Too many changes at once: wait a moment and try again";
    return error.status >= 500
      ? "The server had a problem: try again in a moment"
      : "The server refused that: reload the page and try again";
  }
  if (error instanceof TypeError) return "Cannot reach the server: check the connection";
  return "Something went wrong: try again";
}
