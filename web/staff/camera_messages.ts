/**
 * What the camera page says when something goes wrong, in plain words: the
 * browser's camera errors (DOMException names), the API's problem codes and
 * the SFU's WHIP answers. Never the server's raw text.
 */
import { ApiError } from "../api.ts";
import { WhipError } from "../../media/whip_client.ts";

/** Whether publishing again cannot help without the user doing something first. */
export function isPermanent(error: unknown): boolean {
  if (error instanceof ApiError) return !error.retryable;
  if (error instanceof WhipError) return error.status !== 408 && error.status < 429;
  return false;
}

const CAMERA_WORDS: Record<string, string> = {
  NotAllowedError: "The browser may not use the camera. Allow camera access for this site",
  SecurityError: "The browser may not use the camera. Allow camera access for this site",
  NotFoundError: "This device has no camera the page can use",
  OverconstrainedError: "This device has no camera the page can use",
  NotReadableError: "The camera is busy in another app. Close that app and start again",
  AbortError: "The camera did not start. Start again",
};

const API_WORDS: Record<string, string> = {
  forbidden: "Your account may not publish video. Ask an admin for the staff role",
  unknown_lane: "That lane no longer exists. Pick another one",
  lane_disabled: "That lane is switched off. Switch it on in the lane's settings first",
};

/** Words for an error of opening the camera, getting a publish token or publishing. */
export function describeCameraError(error: unknown): string {
  if (error instanceof DOMException || (error instanceof Error && error.name in CAMERA_WORDS)) {
    return CAMERA_WORDS[error.name] ?? "The camera did not start. Start again";
  }
  if (error instanceof ApiError) {
    if (error.code && API_WORDS[error.code]) return API_WORDS[error.code];
    if (error.status === 401) return "Your sign-in ran out. Sign in again";
    if (error.status === 429) return "Too many tries. Waiting before the next one";
    return "The Lanecast server did not answer. Trying again";
  }
  if (error instanceof WhipError) {
    if (error.status === 401 || error.status === 403) {
      return "The video server refused this camera's pass. Start again";
    }
    if (error.status === 404) return "The video server does not know this lane";
    return "The video server is busy or restarting. Trying again";
  }
  if (error instanceof TypeError) return "Cannot reach the server. Check the network";
  return "The connection to the video server dropped. Trying again";
}

/** When another camera took the lane over (the SFU's reason for closing our link). */
export const TAKEN_OVER_REASON = "replaced by a new publisher";

export const TAKEN_OVER_WORDS = "Another camera took over this lane. Start again to take it back";
export const CAMERA_ENDED_WORDS = "The camera stopped (another app took it, or it was unplugged)";
