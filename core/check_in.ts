/**
 * Checking in on a lane, on the wire: the page a lane's QR code opens
 * (`/lanes/{id}/check-in?code=…`) and what staff get from
 * `GET|POST /api/sessions/{id}/check-in-code`. No zod here, so the browser
 * can use it; the schema is core/check_in_schema.ts.
 *
 * @example
 * ```ts
 * import { checkInPath } from "./check_in.ts";
 * checkInPath("3", "abc"); // "/lanes/3/check-in?code=abc"
 * ```
 * @module
 */

/** The query parameter of the check-in page that carries the code. */
export const CHECK_IN_CODE_PARAM = "code";

/** The path of a lane's check-in page, with the session's code when given. */
export function checkInPath(laneId: string, code?: string): string {
  const path = `/lanes/${encodeURIComponent(laneId)}/check-in`;
  return code ? `${path}?${CHECK_IN_CODE_PARAM}=${encodeURIComponent(code)}` : path;
}

/** A session's check-in code as staff get it. */
export interface CheckInCode {
  sessionId: string;
  laneId: string;
  /** Good for this session only, until `expiresAt`. */
  code: string;
  /** The check-in page with the code: what the QR code opens. */
  url: string;
  /** `GET /api/lanes/{id}/qr` for this code (SVG). */
  qrUrl: string;
  expiresAt: string;
  /** Seconds until the code expires. */
  expiresIn: number;
}
