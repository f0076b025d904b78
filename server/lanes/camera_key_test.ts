import assert from "node:assert/strict";
import { cameraKeyMatches, hashCameraKey, newCameraKey, sameSecret } from "./camera_key.ts";

Deno.test("newCameraKey() makes a fresh random key and the hash that matches it", () => {
  const a = newCameraKey(), b = newCameraKey();
  assert.notEqual(a.key, b.key);
  assert.match(a.key, /^lck_[A-Za-z0-9_-]{43}$/);
  assert.match(a.hash, /^sha256:[0-9a-f]{64}$/);
  assert.equal(a.hash, hashCameraKey(a.key));
  assert.ok(!a.hash.includes(a.key.slice(4)));
  assert.equal(cameraKeyMatches(a.key, a.hash), true);
  assert.equal(cameraKeyMatches(b.key, a.hash), false);
});

Deno.test("cameraKeyMatches() refuses near misses, missing hashes and the hash itself", () => {
  const { key, hash } = newCameraKey();
  assert.equal(cameraKeyMatches(key + "x", hash), false);
  assert.equal(cameraKeyMatches(key.slice(0, -1), hash), false);
  assert.equal(cameraKeyMatches(key, null), false);
  assert.equal(cameraKeyMatches(hash, hash), false);
  assert.equal(cameraKeyMatches(key, hash.replace("sha256:", "md5:")), false);
  assert.equal(cameraKeyMatches("", "sha256:"), false);
});

Deno.test("sameSecret() compares whole strings", () => {
  assert.equal(sameSecret("abc", "abc"), true);
  assert.equal(sameSecret("abc", "abd"), false);
  assert.equal(sameSecret("abc", "abcd"), false);
  assert.equal(sameSecret("", ""), true);
});
