import assert from "node:assert/strict";
import { createTestApp } from "../testing.ts";
import { expectProblem } from "../users/testing.ts";
import { QR_SIZE, renderQr } from "./qr.ts";

Deno.test("renderQr() reuses a recent render instead of drawing it again", async () => {
  const text = `https://lanecast.test/lanes/${crypto.randomUUID()}/check-in`;
  const first = renderQr(text, "png", 256);
  assert.equal(renderQr(text, "png", 256), first, "the same render");
  assert.notEqual(renderQr(text, "png", 320), first);
  const png = await first;
  assert.deepEqual([...png.slice(1, 4)], [0x50, 0x4e, 0x47], "a PNG");
});

Deno.test("the public QR route refuses sizes above the cap", async () => {
  const t = await createTestApp("pglite");
  try {
    assert.equal(QR_SIZE.max, 1024);
    await expectProblem(
      await t.app.request("/api/lanes/1/qr?format=png&size=2048"),
      400,
      "invalid_request",
    );
    const ok = await t.app.request(`/api/lanes/1/qr?format=png&size=${QR_SIZE.max}`);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get("content-type"), "image/png");
    await ok.body?.cancel();
  } finally {
    await t.close();
  }
});
