import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createTestApp } from "../testing.ts";
import { call, expectJson, expectProblem, fingerprint } from "../users/testing.ts";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`/api/me on ${kind}`, async (t) => {
    const { app, deps, as, close } = await createTestApp(kind);
    try {
      await t.step("every role can read its own account, with the role stored now", async () => {
        for (const role of ["spectator", "bettor", "staff", "admin"] as const) {
          const u = await as(role);
          const me = await expectJson(
            await call(app, "GET", "/api/me", undefined, { token: u.token }),
            200,
          );
          assert.deepEqual({ ...me, createdAt: undefined }, {
            id: u.id,
            email: u.email,
            displayName: role,
            role,
            createdAt: undefined,
            bettor: role === "bettor",
          });
          assert.ok(!Number.isNaN(Date.parse(me.createdAt)));
        }
        await expectProblem(await call(app, "GET", "/api/me"), 401, "unauthenticated");
      });

      await t.step("PATCH /api/me changes the display name only", async () => {
        const u = await as("bettor");
        const name = `  Zoë "the 'bowler'" ; --  `;
        const me = await expectJson(
          await call(app, "PATCH", "/api/me", { displayName: name }, { token: u.token }),
          200,
        );
        assert.equal(me.displayName, name.trim());
        assert.equal(me.role, "bettor");
        const before = await fingerprint(deps.db.sql);
        for (
          const body of [{ displayName: "" }, { displayName: "x".repeat(81) }, { displayName: 5 }, {
            displayName: "ok",
            role: "admin",
          }, {}]
        ) {
          await expectProblem(
            await call(app, "PATCH", "/api/me", body, { token: u.token }),
            400,
            "invalid_request",
          );
        }
        await expectProblem(
          await call(app, "PATCH", "/api/me", { displayName: "x" }),
          401,
          "unauthenticated",
        );
        assert.equal(await fingerprint(deps.db.sql), before);
      });

      await t.step("a token for an account that no longer exists is 401", async () => {
        const u = await as("spectator", "gone");
        await deps.db.sql`delete from users where id = ${u.id}`;
        await expectProblem(
          await call(app, "GET", "/api/me", undefined, { token: u.token }),
          401,
          "unknown_user",
        );
      });
    } finally {
      await close();
    }
  });
}
