/**
 * How many lanes on the air one sidecar watches with every accuracy goal met,
 * by its models' execution provider. CPU: 3, measured on a quiet 2-core
 * machine (AMD EPYC) with the whole system running beside the sidecar —
 * `./lanecast eval --load --lanes 1,2,3,4 --shots 12` met every goal with 1,
 * 2 and 3 lanes and missed them with 4 (docs/benchmarks.md "AI lanes per
 * sidecar under load"); rerun it on other hardware. CUDA runs the models off
 * the CPU, leaving it the decoding and tracking, so it takes more (16 is an
 * estimate: no GPU was at hand to measure it). INFERENCE_MAX_LANES overrides
 * both. Either is a limit: while it runs the sidecar lowers its capacity below
 * it when it drops too many frames of lanes in a shot
 * (inference/capacity_controller.ts).
 */
import type { LoadedModels } from "./model_loader.ts";

export type Provider = "cpu" | "cuda";

export const DEFAULT_MAX_LANES: Readonly<Record<Provider, number>> = { cpu: 3, cuda: 16 };

/** The provider the ball detector (the model run on every frame) was loaded on. */
export function providerOf(models: LoadedModels): Provider {
  const ball = models.ball as { provider?: string };
  return ball.provider === "cuda" ? "cuda" : "cpu";
}

export function maxLanes(configured: number | undefined, provider: Provider): number {
  return configured ?? DEFAULT_MAX_LANES[provider];
}
