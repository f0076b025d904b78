import assert from "node:assert/strict";
import { DomainError, errorStatus } from "../../core/problem.ts";
import { createThrottle, tooManyAttempts } from "./throttle.ts";

const WINDOW = 60_000;

async function withKv(fn: (kv: Deno.Kv) => Promise<void>) {
  const kv = await Deno.openKv(":memory:");
  try {
    await fn(kv);
  } finally {
    kv.close();
  }
}

Deno.test("consume() allows `limit` attempts per window, then answers the seconds left", () =>
  withKv(async (kv) => {
    let now = 1_000_000;
    const t = createThrottle({ kv, scope: "test", limit: 3, windowMs: WINDOW, now: () => now });
    assert.equal(await t.consume("a"), 0);
    assert.equal(await t.consume("a"), 0);
    assert.equal(await t.consume("a"), 0);
    assert.equal(await t.consume("a"), 60);
    now += 45_500;
    assert.equal(await t.consume("a"), 15, "rounded up");
    assert.equal(await t.consume("b"), 0, "subjects are apart");
    now += 15_000;
    assert.equal(await t.consume("a"), 0, "a new window starts");
  }));

Deno.test("refund() gives one attempt back and clear() forgets them all", () =>
  withKv(async (kv) => {
    const t = createThrottle({ kv, scope: "test", limit: 2, windowMs: WINDOW });
    await t.consume("a");
    await t.consume("a");
    assert.ok(await t.consume("a") > 0);
    await t.refund("a");
    assert.equal(await t.consume("a"), 0);
    assert.ok(await t.consume("a") > 0);
    await t.clear("a");
    assert.equal(await t.consume("a"), 0);
    await t.refund("nobody");
  }));

Deno.test("concurrent consume() calls never let more than `limit` through", () =>
  withKv(async (kv) => {
    const t = createThrottle({ kv, scope: "test", limit: 5, windowMs: WINDOW });
    const waits = await Promise.all(Array.from({ length: 20 }, () => t.consume("a")));
    assert.equal(waits.filter((w) => w === 0).length, 5);
  }));

Deno.test("counters expire with their window in KV", () =>
  withKv(async (kv) => {
    const t = createThrottle({ kv, scope: "exp", limit: 1, windowMs: 50 });
    await t.consume("a");
    assert.ok(await t.consume("a") > 0);
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(await t.consume("a"), 0);
  }));

Deno.test("tooManyAttempts() is a 429 carrying the wait", () => {
  const err = tooManyAttempts(42);
  assert.ok(err instanceof DomainError);
  assert.equal(errorStatus(err), 429);
  assert.equal(err.code, "too_many_attempts");
  assert.equal(err.extra.retryAfter, 42);
});
