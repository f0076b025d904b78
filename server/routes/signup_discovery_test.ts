/**
 * No account discovery through sign-up: a taken email and a new one get the
 * same answer, and the person signing up learns nothing more (the taken
 * address's owner is mailed a notice instead).
 */
import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createTestApp } from "../testing.ts";
import { call, fingerprint } from "../users/testing.ts";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`POST /api/auth/signup answers a taken email exactly as a new one (${kind})`, async () => {
    const test = await createTestApp(kind);
    try {
      const owner = await test.as("spectator", "owner");
      const before = await fingerprint(test.deps.db.sql);
      const body = (email: string) => ({
        email,
        password: "an attacker's password",
        displayName: "Mallory",
      });
      const taken = await call(test.app, "POST", "/api/auth/signup", body(owner.email));
      const fresh = await call(test.app, "POST", "/api/auth/signup", body("new@test.lanecast"));
      assert.equal(taken.status, fresh.status);
      assert.equal(taken.headers.get("content-type"), fresh.headers.get("content-type"));
      assert.equal(await taken.text(), await fresh.text());
      assert.equal(await fingerprint(test.deps.db.sql), before, "no account or login changed");
    } finally {
      await test.close();
    }
  });
}
