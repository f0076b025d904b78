import assert from "node:assert/strict";
import { loadModels } from "./model_loader.ts";

Deno.test("loadModels() loads the shipped models by default and names their versions", async () => {
  const models = await loadModels();
  assert.equal(models.kind, "trained");
  assert.match(models.ball.version, /^ball-cnn\+sha256:[0-9a-f]{12}$/);
  assert.match(models.pins.version, /^pins-cnn\+sha256:[0-9a-f]{12}$/);
});

Deno.test("loadModels() stops with a clear message when BALL_MODEL is missing or corrupt, even in auto mode", async () => {
  await assert.rejects(
    () => loadModels(undefined, "auto", { ballModel: "/nonexistent/yolo.onnx" }),
    /Cannot load model "\/nonexistent\/yolo\.onnx"/,
  );
  const corrupt = await Deno.makeTempFile({ suffix: ".onnx" });
  try {
    await Deno.writeFile(corrupt, crypto.getRandomValues(new Uint8Array(4096)));
    await assert.rejects(() => loadModels(undefined, "trained", { ballModel: corrupt }), /Cannot load model/);
  } finally {
    await Deno.remove(corrupt);
  }
});

Deno.test("loadModels() gives the classic detectors only when asked", async () => {
  const models = await loadModels(undefined, "classic");
  assert.equal(models.kind, "classic");
});
