import assert from "node:assert/strict";
import * as jose from "jose";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { REFRESH_COOKIE } from "../auth/refresh_cookie.ts";
import { createTestApp } from "../testing.ts";
import { call, expectJson, expectProblem, signupUser } from "../users/testing.ts";

const PASSWORD = "correct horse battery";
const SITE = "http://lanecast.test";

/** The refresh cookie a response sets: its value and attributes, lower-cased. */
function refreshCookie(res: Response): { value: string; attrs: string[] } | undefined {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${REFRESH_COOKIE}=`));
  if (!line) return undefined;
  const [pair, ...attrs] = line.split(";").map((s) => s.trim());
  return { value: pair.slice(REFRESH_COOKIE.length + 1), attrs: attrs.map((a) => a.toLowerCase()) };
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`the refresh token lives in an HttpOnly cookie for browsers (${kind})`, async (t) => {
    const { app, deps, close } = await createTestApp(kind, {
      TRUST_PROXY: "true",
      REFRESH_ABSOLUTE_TTL_S: String(7 * 24 * 3600),
    });
    const sql = deps.db.sql;
    const fromSite = (cookie: string, origin: string | null = SITE) => ({
      headers: {
        cookie: `${REFRESH_COOKIE}=${cookie}`,
        host: "lanecast.test",
        ...(origin ? { origin } : {}),
      },
    });
    const refresh = (cookie: string, origin?: string | null) =>
      call(app, "POST", "/api/auth/refresh", undefined, fromSite(cookie, origin));
    const ended = async (accessToken: string) =>
      await expectProblem(
        await call(app, "GET", "/api/me", undefined, { token: accessToken }),
        401,
        "login_ended",
      );
    const browserLogin = async () => {
      const res = await call(app, "POST", "/api/auth/login", {
        email: "ada@example.com",
        password: PASSWORD,
      });
      const cookie = refreshCookie(res);
      const body = await expectJson(res, 200);
      assert.ok(cookie, "a refresh cookie is set");
      return { body, cookie: cookie.value };
    };
    try {
      await signupUser({ app, deps }, "ada@example.com");

      await t.step(
        "login sets the cookie HttpOnly, SameSite=Strict, on /api/auth, and keeps the token out of the JSON",
        async () => {
          const res = await call(app, "POST", "/api/auth/login", {
            email: "ada@example.com",
            password: PASSWORD,
          });
          const cookie = refreshCookie(res)!;
          const body = await expectJson(res, 200);
          assert.equal(body.refreshToken, undefined);
          assert.equal(typeof body.accessToken, "string");
          assert.match(cookie.value, /^[\w-]{43}$/);
          for (const a of ["httponly", "samesite=strict", "path=/api/auth"]) {
            assert.ok(cookie.attrs.includes(a), `${a} in ${cookie.attrs}`);
          }
          assert.ok(!cookie.attrs.includes("secure"), "plain HTTP: not Secure");
          const expires = Date.parse(cookie.attrs.find((a) => a.startsWith("expires="))!.slice(8));
          assert.ok(expires > Date.now() + 6 * 86400_000 && expires <= Date.now() + 7 * 86400_000);
          const tls = await call(app, "POST", "/api/auth/login", {
            email: "ada@example.com",
            password: PASSWORD,
          }, { headers: { "x-forwarded-proto": "https" } });
          assert.ok(refreshCookie(tls)!.attrs.includes("secure"), "behind TLS: Secure");
          await tls.body?.cancel();
        },
      );

      await t.step(
        "refresh by cookie from this site rotates the cookie; a replay ends the login",
        async () => {
          const { cookie } = await browserLogin();
          const res = await refresh(cookie);
          const next = refreshCookie(res)!;
          const body = await expectJson(res, 200);
          assert.equal(body.refreshToken, undefined);
          assert.notEqual(next.value, cookie);
          const replay = await refresh(cookie);
          assert.ok(
            refreshCookie(replay)!.attrs.includes("max-age=0"),
            "a refused cookie is cleared",
          );
          await expectProblem(replay, 401, "refresh_reused");
          await expectProblem(await refresh(next.value), 401, "refresh_revoked");
        },
      );

      await t.step(
        "refresh and logout by cookie from another site, or with no Origin, are 403",
        async () => {
          const { cookie } = await browserLogin();
          await expectProblem(
            await refresh(cookie, "https://evil.example"),
            403,
            "origin_not_allowed",
          );
          await expectProblem(await refresh(cookie, null), 403, "origin_not_allowed");
          await expectProblem(await refresh(cookie, "null"), 403, "origin_not_allowed");
          await expectProblem(
            await call(
              app,
              "POST",
              "/api/auth/logout",
              undefined,
              fromSite(cookie, "https://evil.example"),
            ),
            403,
            "origin_not_allowed",
          );
          await expectJson(await refresh(cookie), 200);
        },
      );

      await t.step("refresh without any token is a 400 the client can fix", async () => {
        await expectProblem(
          await call(app, "POST", "/api/auth/refresh", undefined),
          400,
          "refresh_token_missing",
        );
        await expectProblem(
          await call(app, "POST", "/api/auth/refresh", {}),
          400,
          "refresh_token_missing",
        );
      });

      await t.step("logout by cookie ends the login and clears the cookie", async () => {
        const { body, cookie } = await browserLogin();
        const res = await call(app, "POST", "/api/auth/logout", undefined, fromSite(cookie));
        assert.equal(res.status, 204);
        assert.ok(refreshCookie(res)!.attrs.includes("max-age=0"));
        await expectProblem(await refresh(cookie), 401, "refresh_reused");
        await ended(body.accessToken);
      });

      await t.step(
        "a login ends at its absolute lifetime however often it was refreshed",
        async () => {
          const { body, cookie } = await browserLogin();
          const next = refreshCookie(await refresh(cookie))!.value;
          const sid = jose.decodeJwt(body.accessToken).sid as string;
          const [row] = await sql<{ capped: boolean }[]>`
            select bool_and(expires_at <= issued_at + interval '7 days') as capped
            from refresh_tokens where family_id = ${sid}`;
          assert.equal(row.capped, true, "no token outlives the login");
          await sql`update refresh_tokens set issued_at = issued_at - interval '8 days'
                    where family_id = ${sid}`;
          await expectProblem(await refresh(next), 401, "login_expired");
          await ended(body.accessToken);
        },
      );

      await t.step(
        "clients that keep the token themselves get it in the JSON and no cookie",
        async () => {
          const res = await call(app, "POST", "/api/auth/login", {
            email: "ada@example.com",
            password: PASSWORD,
            refreshTokenInBody: true,
          });
          assert.equal(refreshCookie(res), undefined);
          const s = await expectJson(res, 200);
          const r = await call(app, "POST", "/api/auth/refresh", { refreshToken: s.refreshToken });
          assert.equal(refreshCookie(r), undefined);
          const next = await expectJson(r, 200);
          assert.match(next.refreshToken, /^[\w-]{43}$/);
          const out = await call(app, "POST", "/api/auth/logout", {
            refreshToken: next.refreshToken,
          });
          assert.equal(out.status, 204);
        },
      );
    } finally {
      await close();
    }
  });
}
