import assert from "node:assert/strict";
import { backoffMs, createBackoff } from "./backoff.ts";

const RULE = {
  scope: "test",
  free: 3,
  baseDelayMs: 1000,
  maxDelayMs: 8000,
  forgetAfterMs: 60_000,
};

Deno.test("backoffMs() is 0 while attempts are free, then doubles up to the cap", () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 100].map((n) => backoffMs(RULE, n)),
    [0, 0, 1000, 2000, 4000, 8000, 8000, 8000],
  );
});

Deno.test("consume() lets the free attempts through, then makes each wait twice as long, never for good", async () => {
  using kv = await Deno.openKv(":memory:");
  let now = 1_000_000;
  const b = createBackoff({ kv, ...RULE, now: () => now });
  assert.deepEqual([await b.consume("a"), await b.consume("a"), await b.consume("a")], [0, 0, 0]);
  const waits: number[] = [];
  for (let i = 0; i < 5; i++) {
    const wait = await b.consume("a");
    waits.push(wait);
    assert.equal(await b.consume("a"), wait, "a refused attempt does not add to the wait");
    now += wait * 1000;
    assert.equal(await b.consume("a"), 0, "after the wait one more attempt passes");
  }
  assert.deepEqual(waits, [1, 2, 4, 8, 8]);
  assert.equal(await b.consume("b"), 0, "subjects are apart");
});

Deno.test("a subject is forgotten after a quiet spell; refund() gives an attempt back, clear() all", async () => {
  using kv = await Deno.openKv(":memory:");
  let now = 1_000_000;
  const b = createBackoff({ kv, ...RULE, now: () => now });
  for (let i = 0; i < 3; i++) await b.consume("a");
  assert.ok(await b.consume("a") > 0);
  now += RULE.forgetAfterMs;
  assert.equal(await b.consume("a"), 0);
  assert.equal(await b.consume("a"), 0);
  await b.refund("a");
  await b.refund("a");
  for (let i = 0; i < 3; i++) assert.equal(await b.consume("a"), 0, `free again ${i}`);
  assert.ok(await b.consume("a") > 0);
  await b.refund("a");
  assert.equal(await b.consume("a"), 0, "the refund lifted the wait its attempt made");
  await b.clear("a");
  for (let i = 0; i < 3; i++) assert.equal(await b.consume("a"), 0);
  await b.refund("nobody");
});

Deno.test("concurrent consume() calls never let more than the free attempts through", async () => {
  using kv = await Deno.openKv(":memory:");
  const b = createBackoff({ kv, ...RULE, free: 5 });
  const waits = await Promise.all(Array.from({ length: 20 }, () => b.consume("a")));
  assert.equal(waits.filter((w) => w === 0).length, 5);
});
