/**
 * The zod schema of a session's check-in code as staff get it
 * (core/check_in.ts `CheckInCode`), apart so the browser bundles no zod.
 * @module
 */
import { z } from "zod";
import type { CheckInCode } from "./check_in.ts";

export const CheckInCodeSchema = z.object({
  sessionId: z.uuid(),
  laneId: z.string(),
  code: z.string().meta({ description: "Good for this session only, until `expiresAt`" }),
  url: z.string().meta({ description: "The check-in page with the code: what the QR code opens" }),
  qrUrl: z.string().meta({ description: "`GET /api/lanes/{id}/qr` for this code (SVG)" }),
  expiresAt: z.string().meta({ format: "date-time" }),
  expiresIn: z.number().int().meta({ description: "Seconds until the code expires" }),
}).meta({ id: "CheckInCode" });

// Compile-time check that the schema and the interface describe the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesInterface: Same<z.infer<typeof CheckInCodeSchema>, CheckInCode> = true;
