/**
 * How many lanes on the air one sidecar watches with every accuracy goal met,
 * by its models' execution provider. CPU: the held-out eval (seeds 100-199,
 * docs/benchmarks.md "AI end to end") met every goal with 4 lanes per system
 * on a 2-core machine with nothing else running; `./lanecast eval --load`
 * measures it again on any machine ("AI lanes per sidecar under load"). CUDA
 * runs the models off the CPU, leaving it the decoding and tracking, so it
 * takes more (an estimate: no GPU was at hand to measure it).
 * INFERENCE_MAX_LANES overrides both.
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
