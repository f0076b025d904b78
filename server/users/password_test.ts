import assert from "node:assert/strict";
import {
  DUMMY_HASH,
  hashPassword,
  KDF_NAME,
  KDF_PARAMS,
  needsRehash,
  verifyDummy,
  verifyPassword,
} from "./password.ts";

Deno.test("hashPassword() makes an argon2id PHC string at the documented cost that verifies", async () => {
  const phc = await hashPassword("correct horse battery");
  assert.match(
    phc,
    new RegExp(
      `^\\$argon2id\\$v=19\\$m=${KDF_PARAMS.memoryCost},t=${KDF_PARAMS.timeCost},p=${KDF_PARAMS.parallelism}\\$`,
    ),
  );
  assert.equal(KDF_NAME, "argon2id m=19456 KiB t=2 p=1");
  assert.equal(await verifyPassword(phc, "correct horse battery"), true);
  assert.equal(await verifyPassword(phc, "correct horse batterY"), false);
  assert.notEqual(await hashPassword("correct horse battery"), phc, "salted");
});

Deno.test("verifyPassword() is false, not an error, for a hash that is not argon2", async () => {
  assert.equal(await verifyPassword("test-only-no-password", "anything at all"), false);
  assert.equal(await verifyDummy("anything at all"), false);
});

Deno.test("needsRehash() spots hashes made with other parameters", async () => {
  assert.equal(needsRehash(await hashPassword("correct horse battery")), false);
  assert.equal(needsRehash("$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaA"), true);
  assert.equal(needsRehash("$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA"), true);
  assert.equal(needsRehash("plain"), true);
  assert.equal(needsRehash(DUMMY_HASH), false, "the dummy costs what a real verification costs");
});
