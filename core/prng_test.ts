import assert from "node:assert/strict";
import { createPrng, hash32, Prng } from "./prng.ts";

Deno.test("createPrng() gives the same stream for the same seed and keys", () => {
  const a = createPrng(42, 7);
  const b = createPrng(42, 7);
  const c = createPrng(42, 8);
  const sa = Array.from({ length: 20 }, () => a.nextUint32());
  assert.deepEqual(sa, Array.from({ length: 20 }, () => b.nextUint32()));
  assert.notDeepEqual(sa, Array.from({ length: 20 }, () => c.nextUint32()));
});

Deno.test("hash32() mixes every key and stays a uint32", () => {
  assert.equal(hash32(1, 2), hash32(1, 2));
  assert.notEqual(hash32(1, 2), hash32(2, 1));
  assert.notEqual(hash32(2 ** 32), hash32(0));
  for (let i = 0; i < 100; i++) {
    const h = hash32(i);
    assert.ok(Number.isInteger(h) && h >= 0 && h < 2 ** 32);
  }
});

Deno.test("helpers stay in range and look like their distributions", () => {
  const r = new Prng(1);
  let sum = 0, sq = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) {
    const u = r.next();
    assert.ok(u >= 0 && u < 1);
    const k = r.int(3, 5);
    assert.ok(k === 3 || k === 4 || k === 5);
    const x = r.normal(10, 2);
    sum += x;
    sq += x * x;
  }
  const mean = sum / n;
  const sd = Math.sqrt(sq / n - mean * mean);
  assert.ok(Math.abs(mean - 10) < 0.1, `mean ${mean}`);
  assert.ok(Math.abs(sd - 2) < 0.1, `sd ${sd}`);
  assert.equal(r.pick(["only"]), "only");
  assert.throws(() => r.pick([]), RangeError);
  assert.equal(r.weighted([["a", 0], ["b", 1]]), "b");
  const v = r.normalClamped(0, 100, -1, 1);
  assert.ok(v >= -1 && v <= 1);
});
