import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createTestApp } from "../testing.ts";
import { ensureAdmin } from "./bootstrap.ts";
import { call, expectJson, expectProblem } from "./testing.ts";

const EMAIL = "boss@example.com";
const PASSWORD = "a long admin password";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`ensureAdmin() on ${kind} creates the admin once, repairs it, and audits each change as the system`, async () => {
    const { app, deps, close } = await createTestApp(kind, { TRUST_PROXY: "true" });
    const sql = deps.db.sql;
    const audits = () =>
      sql<{ action: string; actor_id: string | null; detail: Record<string, unknown> }[]>`
      select action, actor_id, detail from audit_log where action = 'user.bootstrap' order by id`;
    try {
      assert.equal(await ensureAdmin(sql, { email: EMAIL, password: PASSWORD }), "created");
      assert.equal(await ensureAdmin(sql, { email: EMAIL, password: PASSWORD }), "unchanged");
      assert.equal(
        await ensureAdmin(sql, { email: "BOSS@example.com", password: PASSWORD }),
        "unchanged",
      );
      assert.equal((await sql`select count(*)::int as n from users`)[0].n, 1);
      assert.deepEqual((await audits()).map((a) => [a.action, a.actor_id, a.detail]), [[
        "user.bootstrap",
        null,
        { created: true },
      ]]);

      const s = await expectJson(
        await call(app, "POST", "/api/auth/login", {
          email: EMAIL,
          password: PASSWORD,
          refreshTokenInBody: true,
        }),
        200,
      );
      assert.equal(s.user.role, "admin");
      assert.equal(s.user.displayName, "Admin");

      await sql`update users set role = 'spectator', disabled = true where lower(email) = ${EMAIL}`;
      assert.equal(await ensureAdmin(sql, { email: EMAIL, password: PASSWORD }), "updated");
      assert.deepEqual((await audits())[1].detail, {
        role: { from: "spectator", to: "admin" },
        enabled: true,
      });
      await expectJson(
        await call(app, "POST", "/api/auth/refresh", { refreshToken: s.refreshToken }),
        200,
      );

      assert.equal(
        await ensureAdmin(sql, { email: EMAIL, password: "another admin password" }),
        "updated",
      );
      assert.deepEqual((await audits())[2].detail, {
        passwordReset: true,
        refreshTokensRevoked: 1,
      });
      await expectProblem(
        await call(app, "POST", "/api/auth/login", { email: EMAIL, password: PASSWORD }),
        401,
        "invalid_credentials",
      );
      await expectJson(
        await call(app, "POST", "/api/auth/login", {
          email: EMAIL,
          password: "another admin password",
        }),
        200,
      );
      assert.equal(
        await ensureAdmin(sql, { email: EMAIL, password: "another admin password" }),
        "unchanged",
      );
      assert.equal((await audits()).length, 3);
    } finally {
      await close();
    }
  });
}
