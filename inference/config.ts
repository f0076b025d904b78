/** The inference sidecar's configuration, read once from the environment. */
import { z } from "zod";
import { loadConfig, port, positiveInt } from "../core/config.ts";

const InferenceConfigSchema = z.object({
  /** The API server (lanes, tokens, shots). */
  SERVER_URL: z.string().url().default("http://127.0.0.1:8000"),
  /** Key presented to the server; unset means the one the server generated in DATA_DIR/keys/inference_key. */
  INFERENCE_KEY: z.string().min(16).optional(),
  DATA_DIR: z.string().default("./data"),
  /** Folder of the outbox journal (what must still reach the server); unset means DATA_DIR/inference. One sidecar per folder. */
  INFERENCE_OUTBOX_DIR: z.string().min(1).optional(),
  /** Status endpoint (GET /status) of the sidecar; 0 picks a free port. */
  INFERENCE_PORT: port(8002),
  /**
   * "trained" (the shipped ONNX models; a missing or corrupt file stops the start with a clear
   * message), "classic" (model-free detectors) or "auto" (trained, or classic when the model
   * files are absent — never when one is corrupt).
   */
  INFERENCE_MODELS: z.enum(["auto", "trained", "classic"]).default("trained"),
  /** A YOLOv8/YOLO11 detection export used as the ball detector instead of the built-in CNN. */
  BALL_MODEL: z.string().min(1).optional(),
  /** Its labels file, one class per line; unset means the model's `names` metadata. */
  BALL_MODEL_LABELS: z.string().min(1).optional(),
  /** Full rescan of the lane list at least this often (the list is also long-polled). */
  INFERENCE_SCAN_MS: positiveInt(15_000),
  /** Assumed camera-to-sidecar delay for lanes without a capture stamp, until one is measured. */
  INFERENCE_DEFAULT_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(80),
  /** This sidecar's name in the lane leases; unset means "<hostname>-<pid>". */
  INFERENCE_ID: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/).optional(),
  /**
   * The most lanes on the air it watches (the rest are left to other sidecars); unset means
   * DEFAULT_MAX_LANES for its models' provider (CPU or CUDA, inference/capacity.ts).
   */
  INFERENCE_MAX_LANES: z.coerce.number().int().min(0).max(1000).optional(),
  /** While the sidecar falls behind, an idle lane (no ball in play) gets one frame this often; 0 never thins. */
  INFERENCE_IDLE_GAP_MS: z.coerce.number().int().min(0).max(5_000).default(100),
});

export type InferenceConfig = z.infer<typeof InferenceConfigSchema>;

export function loadInferenceConfig(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Readonly<InferenceConfig> {
  return loadConfig(InferenceConfigSchema, env);
}

/** The inference key: from the config, else the server's file in DATA_DIR (waiting for the server to write it). */
export async function inferenceKey(
  config: Readonly<InferenceConfig>,
  waitMs = 60_000,
): Promise<string> {
  if (config.INFERENCE_KEY) return config.INFERENCE_KEY;
  const path = `${config.DATA_DIR}/keys/inference_key`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const key = (await Deno.readTextFile(path)).trim();
      if (key) return key;
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Cannot find the inference key: set INFERENCE_KEY or start the server (it writes "${path}")`,
      );
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
