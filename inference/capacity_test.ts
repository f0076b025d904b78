import assert from "node:assert/strict";
import { DEFAULT_MAX_LANES, maxLanes, providerOf } from "./capacity.ts";
import type { LoadedModels } from "./model_loader.ts";

Deno.test("a sidecar's limit is INFERENCE_MAX_LANES, else the default of its provider", () => {
  assert.equal(maxLanes(3, "cuda"), 3);
  assert.equal(maxLanes(0, "cpu"), 0);
  assert.equal(maxLanes(undefined, "cpu"), DEFAULT_MAX_LANES.cpu);
  assert.equal(DEFAULT_MAX_LANES.cpu, 3, "measured on 2 cores: docs/benchmarks.md");
  assert.ok(DEFAULT_MAX_LANES.cuda > DEFAULT_MAX_LANES.cpu, "CUDA takes more lanes");
});

Deno.test("the provider is the ball detector's (classic models run on the CPU)", () => {
  const models = (ball: object) => ({ ball }) as unknown as LoadedModels;
  assert.equal(providerOf(models({ provider: "cuda" })), "cuda");
  assert.equal(providerOf(models({ provider: "cpu" })), "cpu");
  assert.equal(providerOf(models({})), "cpu");
});
