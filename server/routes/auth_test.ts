import assert from "node:assert/strict";
import { hash } from "@node-rs/argon2";
import * as jose from "jose";
import { generateLaneKeys } from "../../core/lane_token.ts";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { signAccessToken } from "../auth/tokens.ts";
import { keysFromJwk } from "../keys.ts";
import { createTestApp } from "../testing.ts";
import { hashToken } from "../users/refresh_tokens.ts";
import { listMail } from "../mail/messages.ts";
import { signupTokenOf } from "../mail/signup_mail.ts";
import { CONFIRM_MAILS_PER_HOUR, TAKEN_NOTICES_PER_HOUR } from "../users/service.ts";
import { call, expectJson, expectProblem, fingerprint, signupTokenFor } from "../users/testing.ts";

const PASSWORD = "correct horse battery";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`auth routes on ${kind}`, async (t) => {
    const { app, deps, close } = await createTestApp(kind, { TRUST_PROXY: "true" });
    const sql = deps.db.sql;
    // As a client that keeps its refresh token itself (the cookie flow: auth_cookie_test.ts).
    const startSignup = (email: string, displayName = "Ada", password = PASSWORD) =>
      call(app, "POST", "/api/auth/signup", { email, password, displayName });
    /** Signs up and follows the mailed link: the confirmation's answer. */
    const signup = async (email: string, displayName = "Ada", password = PASSWORD) => {
      assert.deepEqual(
        await expectJson(await startSignup(email, displayName, password), 202),
        { status: "check-email" },
      );
      const token = await signupTokenFor(sql, email.trim());
      return call(app, "POST", "/api/auth/signup/confirm", { token, refreshTokenInBody: true });
    };
    const login = (email: string, password = PASSWORD) =>
      call(app, "POST", "/api/auth/login", { email, password, refreshTokenInBody: true });
    const refresh = (refreshToken: string) =>
      call(app, "POST", "/api/auth/refresh", { refreshToken });
    const me = (token: string) => call(app, "GET", "/api/me", undefined, { token });

    try {
      await t.step("signup creates a spectator and a working login", async () => {
        const body = await expectJson(await signup("  Ada@Example.com ", "Ada Lovelace"), 201);
        assert.equal(body.user.email, "Ada@Example.com");
        assert.equal(body.user.displayName, "Ada Lovelace");
        assert.equal(body.user.role, "spectator");
        assert.equal(body.expiresIn, 900);
        assert.match(body.refreshToken, /^[\w-]{43}$/);
        const claims = jose.decodeJwt(body.accessToken);
        assert.equal(claims.sub, body.user.id);
        assert.equal(claims.role, "spectator");
        assert.equal(typeof claims.sid, "string");
        const mine = await expectJson(await me(body.accessToken), 200);
        assert.equal(mine.id, body.user.id);
        const [row] = await sql`select password_hash from users where id = ${body.user.id}`;
        assert.match(row.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
        const [tok] =
          await sql`select token_hash from refresh_tokens where user_id = ${body.user.id}`;
        assert.equal(tok.token_hash, await hashToken(body.refreshToken), "only the hash is stored");
      });

      await t.step(
        "signup with a taken email (any case) answers as for a new one, changes no account and mails the owner a notice",
        async () => {
          const before = await fingerprint(sql);
          const taken = await startSignup("ada@EXAMPLE.com", "Mallory", "mallory password 1");
          const fresh = await startSignup("fresh@example.com", "Fresh");
          assert.equal(taken.status, fresh.status);
          assert.deepEqual(await taken.json(), await fresh.json());
          assert.equal(await fingerprint(sql), before);
          const [notice] = await listMail(sql, { limit: 1, to: "ada@example.com" });
          assert.equal(notice.kind, "signup_taken");
          assert.equal(notice.to, "ada@EXAMPLE.com");
          assert.match(notice.body, /already has one/);
          assert.equal(signupTokenOf(notice.body), null, "the notice carries no sign-up link");
          const [{ n }] = await sql`
            select count(*)::int as n from signup_requests where lower(email) = 'ada@example.com'`;
          assert.equal(n, 1, "only Ada's own, used, sign-up");
        },
      );

      await t.step(
        "a sign-up link works once: a second use is 400 signup_link_invalid and changes nothing",
        async () => {
          const token = await signupTokenFor(sql, "fresh@example.com");
          const first = await call(app, "POST", "/api/auth/signup/confirm", { token });
          const body = await expectJson(first, 201);
          assert.equal(body.user.displayName, "Fresh");
          assert.equal(body.next, null);
          assert.equal(body.refreshToken, undefined, "a browser gets the cookie");
          const before = await fingerprint(sql);
          const again = await call(app, "POST", "/api/auth/signup/confirm", { token });
          await expectProblem(again, 400, "signup_link_invalid");
          const made = await call(app, "POST", "/api/auth/signup/confirm", {
            token: "x".repeat(43),
          });
          await expectProblem(made, 400, "signup_link_invalid");
          assert.equal(await fingerprint(sql), before);
          await sql`delete from users where lower(email) = 'fresh@example.com'`;
        },
      );

      await t.step("an expired sign-up link is 400 signup_link_invalid", async () => {
        await expectJson(await startSignup("late@example.com", "Late"), 202);
        const token = await signupTokenFor(sql, "late@example.com");
        await sql`
          update signup_requests set expires_at = now() - interval '1 second'
          where lower(email) = 'late@example.com'`;
        const res = await call(app, "POST", "/api/auth/signup/confirm", { token });
        await expectProblem(res, 400, "signup_link_invalid");
        const [{ n }] = await sql`
          select count(*)::int as n from users where lower(email) = 'late@example.com'`;
        assert.equal(n, 0);
      });

      await t.step(
        "an address gets a few links and one notice an hour; more sign-ups answer the same and send nothing",
        async () => {
          const count = async (to: string, kind: string) =>
            (await listMail(sql, { limit: 50, to })).filter((m) => m.kind === kind).length;
          for (let i = 0; i < 5; i++) {
            await expectJson(await startSignup("flood@example.com", "Flood"), 202);
            await expectJson(await startSignup("ADA@example.com", "Flood"), 202);
          }
          assert.equal(await count("flood@example.com", "signup_confirm"), CONFIRM_MAILS_PER_HOUR);
          assert.equal(await count("ada@example.com", "signup_taken"), TAKEN_NOTICES_PER_HOUR);
        },
      );

      await t.step("bad bodies are 4xx problems and change nothing", async () => {
        const before = await fingerprint(sql);
        const bad: [string, unknown, number, string | null][] = [
          ["/api/auth/signup", "{not json", 400, null],
          [
            "/api/auth/signup",
            { email: 7, password: PASSWORD, displayName: "X" },
            400,
            "invalid_request",
          ],
          [
            "/api/auth/signup",
            { email: "new@example.com", password: PASSWORD, displayName: "X", role: "admin" },
            400,
            "invalid_request",
          ],
          [
            "/api/auth/signup",
            { email: `${"a".repeat(250)}@example.com`, password: PASSWORD, displayName: "X" },
            400,
            "invalid_request",
          ],
          [
            "/api/auth/signup",
            { email: "new@example.com", password: "x".repeat(201), displayName: "X" },
            400,
            "invalid_request",
          ],
          [
            "/api/auth/signup",
            { email: "new@example.com", password: "short", displayName: "X" },
            400,
            "invalid_request",
          ],
          [
            "/api/auth/signup",
            { email: "new@example.com", password: PASSWORD, displayName: "X".repeat(81) },
            400,
            "invalid_request",
          ],
          [
            "/api/auth/signup",
            { email: "new@example.com", password: PASSWORD, displayName: "   " },
            400,
            "invalid_request",
          ],
          [
            "/api/auth/signup",
            { email: "new@example.com", password: PASSWORD, displayName: "a\u0000b" },
            400,
            "nul_character",
          ],
          [
            "/api/auth/signup",
            { email: "not-an-email", password: PASSWORD, displayName: "X" },
            400,
            "invalid_request",
          ],
          [
            "/api/auth/signup",
            { email: "x'--@example.com;drop", password: PASSWORD, displayName: "X" },
            400,
            "invalid_request",
          ],
          ["/api/auth/signup", [], 400, "invalid_request"],
          [
            "/api/auth/signup",
            { email: "new@example.com", password: PASSWORD, displayName: "X", next: "//evil.test" },
            400,
            "invalid_request",
          ],
          ["/api/auth/signup/confirm", { token: 7 }, 400, "invalid_request"],
          ["/api/auth/signup/confirm", { token: "short" }, 400, "invalid_request"],
          [
            "/api/auth/signup",
            { email: "new@example.com", password: "x".repeat(60_000), displayName: "X" },
            400,
            "invalid_request",
          ],
          [
            "/api/auth/signup",
            { email: "new@example.com", password: "x".repeat(70_000), displayName: "X" },
            413,
            "too_large",
          ],
          ["/api/auth/login", { email: "ada@example.com" }, 400, "invalid_request"],
          [
            "/api/auth/login",
            { email: "ada@example.com", password: PASSWORD, remember: true },
            400,
            "invalid_request",
          ],
          [
            "/api/auth/login",
            { email: "ada@example.com", password: "x".repeat(201) },
            400,
            "invalid_request",
          ],
          ["/api/auth/refresh", { refreshToken: 42 }, 400, "invalid_request"],
          ["/api/auth/refresh", { refreshToken: "x".repeat(201) }, 400, "invalid_request"],
          ["/api/auth/logout", "null", 400, "invalid_request"],
        ];
        for (const [path, body, status, code] of bad) {
          await expectProblem(await call(app, "POST", path, body), status, code);
        }
        const form = await call(app, "POST", "/api/auth/login", "email=a", {
          headers: { "content-type": "application/x-www-form-urlencoded" },
        });
        await expectProblem(form, 415, null);
        assert.equal(await fingerprint(sql), before);
      });

      await t.step(
        "SQL metacharacters in email and display name are stored verbatim and harmless",
        async () => {
          const email = "o'brien+x@example.com";
          const name = `Robert'); DROP TABLE users;-- "\\ %_`;
          const body = await expectJson(await signup(email, name), 201);
          assert.equal(body.user.email, email);
          assert.equal(body.user.displayName, name);
          const mine = await expectJson(await me(body.accessToken), 200);
          assert.equal(mine.displayName, name);
          await expectJson(await login(email), 200);
          const [{ n }] = await sql`select count(*)::int as n from users`;
          assert.equal(n, 2);
        },
      );

      await t.step(
        "login answers the tokens of a new login; unknown email and wrong password are the same 401",
        async () => {
          const ok = await expectJson(await login("ADA@example.com"), 200);
          assert.equal(ok.user.email, "Ada@Example.com");
          const wrong = await expectProblem(
            await login("ada@example.com", "wrong password!"),
            401,
            "invalid_credentials",
          );
          const unknown = await expectProblem(
            await login("nobody@example.com"),
            401,
            "invalid_credentials",
          );
          assert.equal(wrong.detail, unknown.detail);
        },
      );

      await t.step("a login rehashes a password stored at an older KDF cost", async () => {
        const weak = await hash(PASSWORD, { memoryCost: 4096, timeCost: 1, parallelism: 1 });
        await sql`update users set password_hash = ${weak} where lower(email) = 'ada@example.com'`;
        await expectJson(await login("ada@example.com"), 200);
        const [row] =
          await sql`select password_hash from users where lower(email) = 'ada@example.com'`;
        assert.match(row.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
        await expectJson(await login("ada@example.com"), 200);
      });

      await t.step(
        "a login for an unknown email still runs the KDF (timing does not reveal accounts)",
        async () => {
          const median = async (email: string) => {
            const times: number[] = [];
            for (let i = 0; i < 5; i++) {
              const start = performance.now();
              await (await login(email, "wrong password!")).body?.cancel();
              times.push(performance.now() - start);
            }
            return times.sort((a, b) => a - b)[2];
          };
          await expectJson(await signup("timing@example.com", "Timing"), 201);
          const known = await median("timing@example.com");
          const unknown = await median(`nobody-${crypto.randomUUID()}@example.com`);
          assert.ok(
            unknown > known * 0.4,
            `unknown email took ${unknown.toFixed(1)} ms, known ${known.toFixed(1)} ms`,
          );
        },
      );

      await t.step(
        "refresh rotates: the new pair works, the user's current role is read",
        async () => {
          const s = await expectJson(await login("ada@example.com"), 200);
          await sql`update users set role = 'bettor' where lower(email) = 'ada@example.com'`;
          assert.equal(
            jose.decodeJwt(s.accessToken).role,
            "spectator",
            "the old token keeps its role until refreshed",
          );
          const next = await expectJson(await refresh(s.refreshToken), 200);
          assert.notEqual(next.refreshToken, s.refreshToken);
          assert.equal(next.user.role, "bettor");
          assert.equal(jose.decodeJwt(next.accessToken).role, "bettor");
          assert.equal(
            jose.decodeJwt(next.accessToken).sid,
            jose.decodeJwt(s.accessToken).sid,
            "same login",
          );
          await expectJson(await refresh(next.refreshToken), 200);
          await sql`update users set role = 'spectator' where lower(email) = 'ada@example.com'`;
        },
      );

      await t.step(
        "replaying a spent refresh token revokes the whole family, newer tokens included",
        async () => {
          const other = await expectJson(await login("ada@example.com"), 200);
          const s0 = await expectJson(await login("ada@example.com"), 200);
          const s1 = await expectJson(await refresh(s0.refreshToken), 200);
          const s2 = await expectJson(await refresh(s1.refreshToken), 200);
          await expectProblem(await refresh(s0.refreshToken), 401, "refresh_reused");
          await expectProblem(await refresh(s2.refreshToken), 401, "refresh_revoked");
          await expectProblem(await refresh(s1.refreshToken), 401, "refresh_reused");
          await expectJson(await refresh(other.refreshToken), 200);
          const [audit] =
            await sql`select * from audit_log where action = 'auth.refresh_reused' order by id limit 1`;
          assert.equal(audit.target_id, s0.user.id);
          assert.equal(audit.actor_id, null);
          assert.equal(audit.detail.familyId, jose.decodeJwt(s0.accessToken).sid);
        },
      );

      await t.step("two concurrent refreshes with one token: exactly one wins", async () => {
        const s = await expectJson(await login("ada@example.com"), 200);
        const answers = await Promise.all([1, 2, 3, 4].map(() => refresh(s.refreshToken)));
        const statuses = answers.map((r) => r.status).sort();
        await Promise.all(answers.map((r) => r.body?.cancel()));
        assert.deepEqual(statuses, [200, 401, 401, 401]);
        const [{ n }] = await sql`
          select count(*)::int as n from refresh_tokens
          where family_id = ${jose.decodeJwt(s.accessToken).sid as string} and used_at is not null`;
        assert.equal(n, 1, "the token was spent once");
      });

      await t.step("expired, revoked and forged refresh tokens are 401", async () => {
        const s = await expectJson(await login("ada@example.com"), 200);
        await sql`update refresh_tokens set expires_at = now() - interval '1 second' where token_hash = ${await hashToken(
          s.refreshToken,
        )}`;
        await expectProblem(await refresh(s.refreshToken), 401, "refresh_expired");
        await expectProblem(await refresh("A".repeat(43)), 401, "invalid_refresh_token");
      });

      await t.step("expired and forged access tokens are 401", async () => {
        const s = await expectJson(await login("ada@example.com"), 200);
        const claims = { sub: s.user.id, email: s.user.email, role: "admin" as const };
        const expired = await signAccessToken(deps.keys, claims, -10);
        await expectProblem(await me(expired), 401, "expired_token");
        const otherKeys = await keysFromJwk(
          await jose.exportJWK((await generateLaneKeys()).privateKey),
        );
        await expectProblem(
          await me(await signAccessToken(otherKeys, claims, 900)),
          401,
          "invalid_token",
        );
        const [head, , sig] = s.accessToken.split(".");
        const body = jose.base64url.encode(
          JSON.stringify({ ...jose.decodeJwt(s.accessToken), role: "admin" }),
        );
        await expectProblem(await me(`${head}.${body}.${sig}`), 401, "invalid_token");
        await expectProblem(await me("not-a-token"), 401, "unauthenticated");
      });

      await t.step(
        "logout revokes its family only, and is quiet about tokens that are not live",
        async () => {
          const a = await expectJson(await login("ada@example.com"), 200);
          const b = await expectJson(await login("ada@example.com"), 200);
          const a1 = await expectJson(await refresh(a.refreshToken), 200);
          const res = await call(app, "POST", "/api/auth/logout", {
            refreshToken: a1.refreshToken,
          });
          assert.equal(res.status, 204);
          await expectProblem(await refresh(a1.refreshToken), 401, "refresh_reused");
          await expectJson(await refresh(b.refreshToken), 200);
          assert.equal(
            (await call(app, "POST", "/api/auth/logout", { refreshToken: "B".repeat(43) })).status,
            204,
          );
        },
      );

      await t.step(
        "password change needs the current password and logs out other logins",
        async () => {
          const email = "pat@example.com";
          const a = await expectJson(await signup(email, "Pat"), 201);
          const b = await expectJson(await login(email), 200);
          const change = (token: string, currentPassword: string, newPassword: string) =>
            call(app, "POST", "/api/auth/password", { currentPassword, newPassword }, { token });
          const before = await fingerprint(sql);
          await expectProblem(
            await change(a.accessToken, "wrong password!", "a brand new secret"),
            403,
            "wrong_password",
          );
          await expectProblem(
            await change(a.accessToken, PASSWORD, "short"),
            400,
            "invalid_request",
          );
          await expectProblem(
            await call(app, "POST", "/api/auth/password", {
              currentPassword: PASSWORD,
              newPassword: "a brand new secret",
            }),
            401,
            "unauthenticated",
          );
          assert.equal(await fingerprint(sql), before);

          assert.equal((await change(a.accessToken, PASSWORD, "a brand new secret")).status, 204);
          await expectProblem(await refresh(b.refreshToken), 401, "refresh_revoked");
          await expectJson(await refresh(a.refreshToken), 200);
          await expectProblem(await login(email), 401, "invalid_credentials");
          await expectJson(await login(email, "a brand new secret"), 200);
          const [audit] =
            await sql`select * from audit_log where action = 'user.password' and target_id = ${a.user.id}`;
          assert.equal(audit.actor_id, a.user.id);
        },
      );

      await t.step("a disabled account cannot log in or refresh", async () => {
        const s = await expectJson(await signup("dis@example.com", "Dis"), 201);
        await sql`update users set disabled = true where id = ${s.user.id}`;
        await expectProblem(
          await login("dis@example.com", "wrong password!"),
          401,
          "invalid_credentials",
        );
        await expectProblem(await login("dis@example.com"), 403, "account_disabled");
        await expectProblem(await refresh(s.refreshToken), 401, "account_disabled");
      });

      await t.step(
        "sign out everywhere ends every login of the user, access tokens included",
        async () => {
          const here = await expectJson(await login("ada@example.com"), 200);
          const there = await expectJson(await login("ada@example.com"), 200);
          const out = await call(app, "POST", "/api/auth/logout-everywhere", undefined, {
            token: here.accessToken,
          });
          assert.ok((await expectJson(out, 200)).revoked >= 2);
          await expectProblem(await me(there.accessToken), 401, null);
          await expectProblem(await me(here.accessToken), 401, null);
          await expectProblem(await refresh(there.refreshToken), 401, null);
          await expectProblem(await refresh(here.refreshToken), 401, null);
          await expectJson(await login("ada@example.com"), 200);
        },
      );

      await t.step("the routes are in the OpenAPI document", async () => {
        const doc = await expectJson(await app.request("/api/openapi.json"), 200);
        for (
          const p of [
            "/auth/signup",
            "/auth/signup/confirm",
            "/auth/logout-everywhere",
            "/auth/login",
            "/auth/refresh",
            "/auth/logout",
            "/auth/password",
          ]
        ) {
          assert.deepEqual(doc.paths[p].post.tags, ["Auth"], p);
        }
        assert.deepEqual(doc.paths["/auth/login"].post["x-roles"], ["public"]);
        assert.ok(doc.paths["/auth/login"].post.responses["429"]);
      });
    } finally {
      await close();
    }
  });
}
