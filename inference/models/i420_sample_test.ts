import assert from "node:assert/strict";
import { i420Bytes, sampleI420 } from "./i420_sample.ts";

/** A 8×4 I420 frame whose luma is x·10 + y, U = 100 + x, V = 200 − y (chroma at half size). */
function gradient(): Uint8Array {
  const w = 8, h = 4;
  const d = new Uint8Array(i420Bytes(w, h));
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) d[y * w + x] = x * 10 + y;
  for (let y = 0; y < h / 2; y++) {
    for (let x = 0; x < w / 2; x++) {
      d[w * h + y * 4 + x] = 100 + x;
      d[w * h + 8 + y * 4 + x] = 200 - y;
    }
  }
  return d;
}

const unit = (v: number) => v * 128 + 128;

Deno.test("sampleI420() at one image pixel per input pixel copies luma and reads chroma at half resolution", () => {
  const out = new Float32Array(3 * 8 * 4);
  sampleI420(gradient(), 8, 4, { x: 0, y: 0, stepX: 1, stepY: 1 }, 8, 4, out, 0);
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < 8; x++) assert.ok(Math.abs(unit(out[y * 8 + x]) - (x * 10 + y)) < 1e-4);
  }
  // Luma pixel (2, 0) sits at chroma coordinate 0.75: a quarter of the way from U(0) to U(1).
  assert.ok(Math.abs(unit(out[32 + 2]) - 100.75) < 1e-4);
  // Chroma at the edge is clamped, not wrapped.
  assert.ok(Math.abs(unit(out[32 + 0]) - 100) < 1e-4);
  assert.ok(Math.abs(unit(out[64 + 3 * 8 + 0]) - 199) < 1e-4);
});

Deno.test("sampleI420() resamples bilinearly, clamps outside the frame and writes at the offset", () => {
  const out = new Float32Array(5 + 3 * 2 * 2).fill(9);
  // Window of 2×2 input pixels, each 2 image pixels: centres at image (1, 1), (3, 1), (1, 3), (3, 3).
  sampleI420(gradient(), 8, 4, { x: 0, y: 0, stepX: 2, stepY: 2 }, 2, 2, out, 5);
  assert.deepEqual(Array.from(out.subarray(0, 5)), [9, 9, 9, 9, 9]);
  // Image point (1, 1) = midway between pixels 0,1 in x and y: (0+10+1+11)/4 = 5.5.
  assert.ok(Math.abs(unit(out[5]) - 5.5) < 1e-4);
  assert.ok(Math.abs(unit(out[6]) - 25.5) < 1e-4);
  const far = new Float32Array(3);
  sampleI420(gradient(), 8, 4, { x: 100, y: -50, stepX: 1, stepY: 1 }, 1, 1, far, 0);
  assert.ok(Math.abs(unit(far[0]) - 70) < 1e-4, "clamped to the top-right pixel");
});

Deno.test("sampleI420() rejects a buffer too small for the frame size", () => {
  assert.throws(
    () =>
      sampleI420(
        new Uint8Array(10),
        8,
        4,
        { x: 0, y: 0, stepX: 1, stepY: 1 },
        1,
        1,
        new Float32Array(3),
        0,
      ),
    /Cannot read a 8x4 I420 frame from 10 bytes/,
  );
});
