import assert from "node:assert/strict";
import * as jose from "jose";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createTestApp } from "../testing.ts";
import { call, expectJson, expectProblem, fingerprint, signupUser } from "../users/testing.ts";

const PASSWORD = "correct horse battery";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`admin user routes on ${kind}`, async (t) => {
    const { app, deps, as, close } = await createTestApp(kind, { TRUST_PROXY: "true" });
    const sql = deps.db.sql;
    try {
      const admin = await as("admin");
      const staff = await as("staff");
      const signup = (email: string, displayName: string) =>
        signupUser({ app, deps }, email, {
          password: PASSWORD,
          displayName,
          refreshTokenInBody: true,
        });
      const bob = await signup("bob@example.com", "Bob");
      const cat = await signup("cat@example.com", "Cat_100%");
      const patch = (id: string, body: unknown, token = admin.token) =>
        call(app, "PATCH", `/api/users/${id}`, body, {
          token,
          headers: { "x-request-id": "req-test-1" },
        });
      const list = (qs: string, token = admin.token) =>
        call(app, "GET", `/api/users${qs}`, undefined, { token });
      const audits = (id: string) =>
        sql<
          {
            action: string;
            actor_id: string;
            detail: Record<string, unknown>;
            request_id: string;
          }[]
        >`
          select action, actor_id, detail, request_id from audit_log where target_type = 'user' and target_id = ${id} order by id`;

      await t.step("only admins may list and change users", async () => {
        await expectProblem(await list("", staff.token), 403, "forbidden");
        await expectProblem(await call(app, "GET", "/api/users"), 401, "unauthenticated");
        await expectProblem(
          await patch(bob.user.id, { role: "staff" }, staff.token),
          403,
          "forbidden",
        );
        await expectProblem(
          await patch(bob.user.id, { role: "staff" }, bob.accessToken),
          403,
          "forbidden",
        );
      });

      await t.step(
        "GET /api/users lists newest first, filters by text and role, and pages",
        async () => {
          const all = await expectJson(await list(""), 200);
          assert.deepEqual(all.users.map((u: { email: string }) => u.email), [
            "cat@example.com",
            "bob@example.com",
            "staff@test.lanecast",
            "admin@test.lanecast",
          ]);
          assert.equal(all.next, null);
          assert.equal(all.users[0].disabled, false);
          assert.equal(all.users[0].passwordHash, undefined);
          const byText = await expectJson(await list("?query=BOB"), 200);
          assert.deepEqual(byText.users.map((u: { id: string }) => u.id), [bob.user.id]);
          const literal = await expectJson(
            await list(`?query=${encodeURIComponent("_100%")}`),
            200,
          );
          assert.deepEqual(
            literal.users.map((u: { id: string }) => u.id),
            [cat.user.id],
            "% and _ match themselves",
          );
          const wild = await expectJson(
            await list(`?query=${encodeURIComponent("%' or 1=1 --")}`),
            200,
          );
          assert.deepEqual(wild.users, []);
          const byRole = await expectJson(await list("?role=staff"), 200);
          assert.deepEqual(byRole.users.map((u: { id: string }) => u.id), [staff.id]);
          const page1 = await expectJson(await list("?limit=3"), 200);
          assert.equal(page1.users.length, 3);
          assert.equal(page1.next, page1.users[2].id);
          const page2 = await expectJson(await list(`?limit=3&before=${page1.next}`), 200);
          assert.deepEqual(page2.users.map((u: { id: string }) => u.id), [admin.id]);
          assert.equal(page2.next, null);
          for (
            const qs of [
              "?limit=0",
              "?limit=201",
              "?limit=x",
              "?role=root",
              "?before=nope",
              `?query=${"q".repeat(300)}`,
            ]
          ) {
            await expectProblem(await list(qs), 400, "invalid_request");
          }
        },
      );

      await t.step(
        "a role change is audited and reaches the user's token at the next refresh",
        async () => {
          const body = await expectJson(await patch(bob.user.id, { role: "bettor" }), 200);
          assert.equal(body.role, "bettor");
          assert.deepEqual(
            (await audits(bob.user.id)).map((a) => [a.action, a.actor_id, a.detail, a.request_id]),
            [
              ["user.role", admin.id, { from: "spectator", to: "bettor" }, "req-test-1"],
            ],
          );
          const next = await expectJson(
            await call(app, "POST", "/api/auth/refresh", { refreshToken: bob.refreshToken }),
            200,
          );
          assert.equal(jose.decodeJwt(next.accessToken).role, "bettor");
          bob.refreshToken = next.refreshToken;
        },
      );

      await t.step(
        "disabling is audited, revokes the user's refresh tokens and stops logins; enabling undoes it",
        async () => {
          const body = await expectJson(await patch(bob.user.id, { disabled: true }), 200);
          assert.equal(body.disabled, true);
          await expectProblem(
            await call(app, "POST", "/api/auth/refresh", { refreshToken: bob.refreshToken }),
            401,
            "refresh_revoked",
          );
          await expectProblem(
            await call(app, "POST", "/api/auth/login", {
              email: "bob@example.com",
              password: PASSWORD,
            }),
            403,
            "account_disabled",
          );
          await expectJson(await patch(bob.user.id, { disabled: false }), 200);
          await expectJson(
            await call(app, "POST", "/api/auth/login", {
              email: "bob@example.com",
              password: PASSWORD,
            }),
            200,
          );
          const actions = (await audits(bob.user.id)).map((a) => [a.action, a.detail]);
          assert.deepEqual(actions.slice(1), [["user.disable", { refreshTokensRevoked: 1 }], [
            "user.enable",
            {},
          ]]);
        },
      );

      await t.step(
        "several fields at once write one entry each; unchanged fields write none",
        async () => {
          await expectJson(
            await patch(cat.user.id, { role: "staff", displayName: "Catherine", disabled: false }),
            200,
          );
          assert.deepEqual((await audits(cat.user.id)).map((a) => [a.action, a.detail]), [
            ["user.role", { from: "spectator", to: "staff" }],
            ["user.rename", { from: "Cat_100%", to: "Catherine" }],
          ]);
          await expectJson(await patch(cat.user.id, { role: "staff" }), 200);
          assert.equal((await audits(cat.user.id)).length, 2);
        },
      );

      await t.step(
        "an admin cannot demote or disable themselves, and bad patches change nothing",
        async () => {
          const before = await fingerprint(sql);
          await expectProblem(await patch(admin.id, { role: "staff" }), 409, "cannot_change_self");
          await expectProblem(await patch(admin.id, { disabled: true }), 409, "cannot_change_self");
          await expectProblem(
            await patch(crypto.randomUUID(), { role: "staff" }),
            404,
            "unknown_user",
          );
          await expectProblem(await patch("not-a-uuid", { role: "staff" }), 400, "invalid_request");
          await expectProblem(
            await patch("'; drop table users; --", { role: "staff" }),
            400,
            "invalid_request",
          );
          for (
            const body of [
              {},
              { role: "root" },
              { disabled: "yes" },
              { displayName: "" },
              { displayName: "x".repeat(81) },
              { email: "x@y.z" },
              [1],
            ]
          ) {
            await expectProblem(await patch(bob.user.id, body), 400, "invalid_request");
          }
          await expectProblem(await patch(bob.user.id, "{"), 400, null);
          assert.equal(await fingerprint(sql), before);
          await expectJson(await patch(admin.id, { role: "admin", displayName: "The Admin" }), 200);
        },
      );

      await t.step("the routes are in the OpenAPI document for admins", async () => {
        const doc = await expectJson(await app.request("/api/openapi.json"), 200);
        assert.deepEqual(doc.paths["/users"].get["x-roles"], ["admin"]);
        assert.deepEqual(doc.paths["/users/{id}"].patch.tags, ["Users"]);
      });
    } finally {
      await close();
    }
  });
}
