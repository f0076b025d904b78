/**
 * Checking in on a lane, on the wire: the page a lane's QR code opens
 * (`/lanes/{id}/check-in?code=…`) and what staff get from
 * `GET|POST /api/sessions/{id}/check-in-code`. The web app imports the types
 * and the path (type-only for the schema, so the browser bundle has no zod).
 *
 * @example
 * ```ts
 * import { checkInPath } from "./check_in.ts";
 * checkInPath("3", "abc"); // "/lanes/3/check-in?code=abc"
 * ```
 * @module
 */
import { z } from "zod";

/** The query parameter of the check-in page that carries the code. */
export const CHECK_IN_CODE_PARAM = "code";

/** The path of a lane's check-in page, with the session's code when given. */
export function checkInPath(laneId: string, code?: string): string {
  const path = `/lanes/${encodeURIComponent(laneId)}/check-in`;
  return code ? `${path}?${CHECK_IN_CODE_PARAM}=${encodeURIComponent(code)}` : path;
}

export const CheckInCodeSchema = z.object({
  sessionId: z.uuid(),
  laneId: z.string(),
  code: z.string().meta({ description: "Good for this session only, until `expiresAt`" }),
  url: z.string().meta({ description: "The check-in page with the code: what the QR code opens" }),
  qrUrl: z.string().meta({ description: "`GET /api/lanes/{id}/qr` for this code (SVG)" }),
  expiresAt: z.string().meta({ format: "date-time" }),
  expiresIn: z.number().int().meta({ description: "Seconds until the code expires" }),
}).meta({ id: "CheckInCode" });

export type CheckInCode = z.infer<typeof CheckInCodeSchema>;
