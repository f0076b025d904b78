/**
 * How many lanes on the air one sidecar watches with every accuracy goal met,
 * by its models' execution provider. The CPU figure comes from
 * `./lanecast eval --load` on a 2-core machine (docs/benchmarks.md, "AI lanes
 * per sidecar"); CUDA runs the models off the CPU, leaving it the decoding
 * and tracking, so it takes more. INFERENCE_MAX_LANES overrides both.
 */
import type { LoadedModels } from "./model_loader.ts";

export type Provider = "cpu" | "cuda";

export const DEFAULT_MAX_LANES: Readonly<Record<Provider, number>> = { cpu: 4, cuda: 16 };

/** The provider the ball detector (the model run on every frame) was loaded on. */
export function providerOf(models: LoadedModels): Provider {
  const ball = models.ball as { provider?: string };
  return ball.provider === "cuda" ? "cuda" : "cpu";
}

export function maxLanes(configured: number | undefined, provider: Provider): number {
  return configured ?? DEFAULT_MAX_LANES[provider];
}
