import { z } from "zod";
import { loadConfig, positiveInt } from "../core/config.ts";

const SimConfigSchema = z.object({
  /** The API server the simulator asks for lanes and publish tokens. */
  SERVER_URL: z.string().url().default("http://127.0.0.1:8000"),
  /** The camera key the server expects (the launcher passes it). */
  CAMERA_KEY: z.string().min(16),
  SIM_WIDTH: positiveInt(640),
  SIM_HEIGHT: positiveInt(360),
  SIM_FPS: positiveInt(30),
  /**
   * The simulated cameras' bitrate ceiling, kbit/s; 0: libwebrtc's own for the
   * resolution. Left uncapped: capping the 640×360 lanes at 1.2 Mbit/s clipped
   * the frames with the ball in motion and put the AI's held-out arrows error
   * at 0.296 boards against 0.215–0.228.
   */
  SIM_MAX_KBPS: z.coerce.number().int().min(0).default(0),
  /** Base seed; lane N renders with seed SIM_SEED + N, so every run of a lane is the same. */
  SIM_SEED: z.coerce.number().int().default(1000),
  /** Explicit seeds, comma-separated: the Nth simulated lane uses the Nth (overrides SIM_SEED + N). */
  SIM_SEEDS: z.string().regex(/^\d+(,\d+)*$/).optional(),
  /** Stop a lane's camera after this many shots (0: never stop). */
  SIM_SHOTS: z.coerce.number().int().min(0).default(0),
  /** Where ground truth JSON lines go (one file per lane). */
  DATA_DIR: z.string().default("./data"),
});

export type SimConfig = z.infer<typeof SimConfigSchema>;

export function loadSimConfig(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Readonly<SimConfig> {
  const config = loadConfig(SimConfigSchema, env);
  if (config.SIM_WIDTH % 2 || config.SIM_HEIGHT % 2) {
    throw new Error("SIM_WIDTH and SIM_HEIGHT must be even");
  }
  return config;
}
