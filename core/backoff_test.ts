import assert from "node:assert/strict";
import { backoffDelay, retryDelay } from "./backoff.ts";

const middle = () => 0.5;

Deno.test("backoffDelay() doubles from the base delay", () => {
  assert.deepEqual([1, 2, 3, 4].map((n) => backoffDelay(n, {}, middle)), [500, 1000, 2000, 4000]);
});

Deno.test("backoffDelay() stops growing at the cap", () => {
  assert.equal(backoffDelay(50, {}, middle), 10_000);
  assert.equal(backoffDelay(7, { baseMs: 100, maxMs: 1000 }, middle), 1000);
});

Deno.test("backoffDelay() jitters within the given fraction", () => {
  assert.equal(backoffDelay(1, { jitter: 0.2 }, () => 0), 400);
  assert.equal(backoffDelay(1, { jitter: 0.2 }, () => 1), 600);
  assert.equal(backoffDelay(0, {}, middle), 500);
});

Deno.test("retryDelay() retries at once the first time, then backs off from the base delay", () => {
  assert.deepEqual(
    [1, 2, 3, 4].map((n) => retryDelay(n, {}, middle)),
    [0, 500, 1000, 2000],
  );
  assert.equal(retryDelay(0, {}, middle), 0);
  assert.equal(retryDelay(50, { maxMs: 4000 }, middle), 4000);
});
