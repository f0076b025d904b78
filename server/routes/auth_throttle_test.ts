import assert from "node:assert/strict";
import { Hono } from "hono";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { LOGIN_BACKOFF } from "../auth/backoff.ts";
import { THROTTLES } from "../auth/throttle.ts";
import { onError } from "../errors.ts";
import { createTestApp } from "../testing.ts";
import { call, expectJson, expectProblem, freshIp, signupUser } from "../users/testing.ts";
import { accountsOf, authRoutes } from "./auth.ts";

const PASSWORD = "correct horse battery";
const WRONG = "wrong password!";

async function expectThrottled(res: Response): Promise<number> {
  const retryAfter = Number(res.headers.get("retry-after"));
  const body = await expectProblem(res, 429, "too_many_attempts");
  assert.ok(retryAfter > 0 && retryAfter <= 3600, `Retry-After ${retryAfter}`);
  assert.equal(body.retryAfter, retryAfter);
  return retryAfter;
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`an attacker's failed logins from one address do not lock the owner out from another (${kind})`, async () => {
    const { app, deps, close } = await createTestApp(kind, { TRUST_PROXY: "true" });
    const login = (password: string, ip: string) =>
      call(app, "POST", "/api/auth/login", { email: "owner@example.com", password }, { ip });
    try {
      await signupUser({ app, deps }, "owner@example.com");
      const attacker = freshIp();
      for (let i = 0; i < LOGIN_BACKOFF.pair.free; i++) {
        await expectProblem(await login(WRONG, attacker), 401, "invalid_credentials");
      }
      for (let i = 0; i < 5; i++) await expectThrottled(await login(WRONG, attacker));
      await expectJson(await login(PASSWORD, freshIp()), 200);
    } finally {
      await close();
    }
  });

  Deno.test(`login and signup throttling with backoff on ${kind}`, async (t) => {
    const test = await createTestApp(kind, { TRUST_PROXY: "true" });
    let now = Date.now();
    // The auth routes on a clock the test moves.
    const app = new Hono();
    app.onError(onError);
    app.route("/api", authRoutes(test.deps, accountsOf(test.deps, () => now)));
    const signup = (email: string, ip?: string) =>
      call(app, "POST", "/api/auth/signup", { email, password: PASSWORD, displayName: "T" }, {
        ip,
      });
    const login = (email: string, password: string, ip?: string) =>
      call(app, "POST", "/api/auth/login", { email, password }, { ip });
    const fail = async (email: string, ip: string) =>
      await expectProblem(await login(email, WRONG, ip), 401, "invalid_credentials");
    try {
      const site = { app, deps: test.deps };
      await signupUser(site, "victim@example.com", { password: PASSWORD });
      await signupUser(site, "other@example.com", { password: PASSWORD });

      await t.step(
        "one address guessing one account waits longer after each failure; the owner elsewhere does not",
        async () => {
          const attacker = freshIp();
          const owner = freshIp();
          for (let i = 0; i < LOGIN_BACKOFF.pair.free; i++) {
            await fail("victim@example.com", attacker);
          }
          const waits: number[] = [];
          for (let i = 0; i < 4; i++) {
            const wait = await expectThrottled(await login("victim@example.com", WRONG, attacker));
            waits.push(wait);
            await expectThrottled(await login("VICTIM@example.com", PASSWORD, attacker));
            await expectJson(await login("victim@example.com", PASSWORD, owner), 200);
            now += wait * 1000;
            await fail("victim@example.com", attacker);
          }
          assert.deepEqual(waits, [15, 30, 60, 120]);
          now += 240_000;
          await expectJson(await login("victim@example.com", PASSWORD, attacker), 200);
          for (let i = 0; i < LOGIN_BACKOFF.pair.free; i++) {
            await fail("victim@example.com", attacker);
          }
        },
      );

      await t.step("unknown emails are throttled like real ones", async () => {
        const ip = freshIp();
        for (let i = 0; i < LOGIN_BACKOFF.pair.free; i++) await fail("ghost@example.com", ip);
        await expectThrottled(await login("ghost@example.com", WRONG, ip));
      });

      await t.step(
        "a successful login clears the failures of its account and address",
        async () => {
          const ip = freshIp();
          for (let round = 0; round < 2; round++) {
            for (let i = 0; i < LOGIN_BACKOFF.pair.free - 1; i++) {
              await fail("other@example.com", ip);
            }
            await expectJson(await login("other@example.com", PASSWORD, ip), 200);
          }
        },
      );

      await t.step(
        "an address is slowed after repeated failures across accounts; other addresses are not",
        async () => {
          const ip = freshIp();
          for (let i = 0; i < LOGIN_BACKOFF.ip.free; i++) {
            await fail(`spray-${i}@example.com`, ip);
          }
          await expectThrottled(await login("other@example.com", PASSWORD, ip));
          await expectJson(await login("other@example.com", PASSWORD, freshIp()), 200);
        },
      );

      await t.step("successful logins do not count against an address", async () => {
        const ip = freshIp();
        for (let i = 0; i < LOGIN_BACKOFF.ip.free + 2; i++) {
          await (await login("other@example.com", PASSWORD, ip)).body?.cancel();
        }
        await expectJson(await login("other@example.com", PASSWORD, ip), 200);
      });

      await t.step(
        "guesses spread over many addresses meet the account's far higher ceiling, which spares the owner's known address",
        async () => {
          now += LOGIN_BACKOFF.account.forgetAfterMs;
          const home = freshIp();
          await expectJson(await login("victim@example.com", PASSWORD, home), 200);
          for (let i = 0; i < LOGIN_BACKOFF.account.free; i++) {
            await fail("victim@example.com", freshIp());
          }
          await expectThrottled(await login("victim@example.com", WRONG, freshIp()));
          await expectJson(await login("victim@example.com", PASSWORD, home), 200);
        },
      );

      await t.step("sign-ups are throttled per address", async () => {
        const ip = freshIp();
        for (let i = 0; i < THROTTLES.signupIp.limit; i++) {
          await expectJson(await signup(`bulk-${i}@example.com`, ip), 202);
        }
        await expectThrottled(await signup("one-more@example.com", ip));
        await expectJson(await signup("one-more@example.com"), 202);
      });
    } finally {
      await test.close();
    }
  });
}

Deno.test("without TRUST_PROXY, X-Forwarded-For does not pick the throttled address", async () => {
  const { app, close } = await createTestApp("pglite");
  try {
    for (let i = 0; i < THROTTLES.signupIp.limit; i++) {
      await expectJson(
        await call(app, "POST", "/api/auth/signup", {
          email: `s${i}@example.com`,
          password: PASSWORD,
          displayName: "S",
        }),
        202,
      );
    }
    // Every call above came with a different X-Forwarded-For; all counted against the one real peer.
    await expectThrottled(
      await call(app, "POST", "/api/auth/signup", {
        email: "late@example.com",
        password: PASSWORD,
        displayName: "S",
      }),
    );
  } finally {
    await close();
  }
});
