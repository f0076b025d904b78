import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { standingOf } from "../auth/standing.ts";
import { createTestApp } from "../testing.ts";
import { call, expectJson, expectProblem } from "../users/testing.ts";

/** The date `years` years before today (UTC), shifted by `days`. */
function yearsAgo(years: number, days = 0): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`POST /api/me/betting on ${kind}`, async (t) => {
    const { app, deps, as, close } = await createTestApp(kind);
    const { sql } = deps.db;
    const profiles = async (id: string) =>
      (await sql`select count(*)::int as n from bettor_profiles where user_id = ${id}`)[0].n;
    const role = async (id: string) => (await sql`select role from users where id = ${id}`)[0].role;
    try {
      await t.step("a spectator of age becomes a bettor at once, with the same token", async () => {
        const u = await as("spectator", "ana");
        await standingOf(deps).of(u.id); // cache the old role, as a request before would
        const dob = yearsAgo(18);
        const body = await expectJson(
          await call(app, "POST", "/api/me/betting", { dateOfBirth: dob, acceptTerms: true }, {
            token: u.token,
          }),
          200,
        );
        assert.equal(body.user.role, "bettor");
        assert.equal(body.user.id, u.id);
        assert.equal(body.bettor.dateOfBirth, dob);
        assert.ok(!Number.isNaN(Date.parse(body.bettor.acceptedAt)));
        assert.equal((await standingOf(deps).of(u.id))?.role, "bettor");
        const me = await expectJson(
          await call(app, "GET", "/api/me", undefined, { token: u.token }),
          200,
        );
        assert.equal(me.bettor, true);
        assert.equal(me.role, "bettor");
        const [audit] = await sql`
          select actor_id, detail from audit_log where action = 'user.bettor' and target_id = ${u.id}`;
        assert.equal(audit.actor_id, u.id);
        assert.deepEqual(audit.detail.to, "bettor");

        {
          // Asking again answers the same profile and writes nothing.
          const again = await expectJson(
            await call(app, "POST", "/api/me/betting", {
              dateOfBirth: yearsAgo(40),
              acceptTerms: true,
            }, {
              token: u.token,
            }),
            200,
          );
          assert.deepEqual(again.bettor, body.bettor);
          const [{ n }] = await sql`
            select count(*)::int as n from audit_log where action = 'user.bettor' and target_id = ${u.id}`;
          assert.equal(n, 1);
        }
      });

      await t.step("staff and admins may not bet", async () => {
        for (const r of ["staff", "admin"] as const) {
          const u = await as(r);
          await expectProblem(
            await call(app, "POST", "/api/me/betting", {
              dateOfBirth: yearsAgo(30),
              acceptTerms: true,
            }, {
              token: u.token,
            }),
            403,
            "staff_may_not_bet",
          );
          assert.equal(await profiles(u.id), 0);
          assert.equal(await role(u.id), r);
        }
      });

      await t.step("one day short of the minimum age is too young", async () => {
        const u = await as("spectator", "young");
        await expectProblem(
          await call(app, "POST", "/api/me/betting", {
            dateOfBirth: yearsAgo(18, 1),
            acceptTerms: true,
          }, {
            token: u.token,
          }),
          403,
          "too_young",
        );
        assert.equal(await profiles(u.id), 0);
        assert.equal(await role(u.id), "spectator");
      });

      await t.step("impossible dates and bodies are 400s that change nothing", async () => {
        const u = await as("spectator", "odd");
        for (const dateOfBirth of [yearsAgo(0, 1), "2999-01-01", "1899-12-31"]) {
          await expectProblem(
            await call(app, "POST", "/api/me/betting", { dateOfBirth, acceptTerms: true }, {
              token: u.token,
            }),
            400,
            "invalid_date_of_birth",
          );
        }
        for (
          const bad of [
            { dateOfBirth: "2000-02-30", acceptTerms: true },
            { dateOfBirth: "01/02/2000", acceptTerms: true },
            { dateOfBirth: yearsAgo(30), acceptTerms: false },
            { dateOfBirth: yearsAgo(30) },
            { dateOfBirth: yearsAgo(30), acceptTerms: true, role: "admin" },
            {},
          ]
        ) {
          await expectProblem(
            await call(app, "POST", "/api/me/betting", bad, { token: u.token }),
            400,
            "invalid_request",
          );
        }
        assert.equal(await profiles(u.id), 0);
        assert.equal(await role(u.id), "spectator");
      });

      await t.step("signed out is 401", async () => {
        await expectProblem(
          await call(app, "POST", "/api/me/betting", {
            dateOfBirth: yearsAgo(30),
            acceptTerms: true,
          }),
          401,
          "unauthenticated",
        );
      });

      await t.step(
        "a bettor an admin turned back into a spectator cannot turn themselves back",
        async () => {
          const u = await as("spectator", "revoked");
          const ok = { dateOfBirth: yearsAgo(25), acceptTerms: true };
          await expectJson(await call(app, "POST", "/api/me/betting", ok, { token: u.token }), 200);
          await sql`update users set role = 'spectator' where id = ${u.id}`;
          await standingOf(deps).forget(u.id);
          await expectProblem(
            await call(app, "POST", "/api/me/betting", ok, { token: u.token }),
            403,
            "betting_revoked",
          );
          assert.equal(await role(u.id), "spectator");
        },
      );
    } finally {
      await close();
    }
  });
}
