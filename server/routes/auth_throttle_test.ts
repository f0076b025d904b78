import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { THROTTLES } from "../auth/throttle.ts";
import { createTestApp } from "../testing.ts";
import { call, expectJson, expectProblem, freshIp } from "../users/testing.ts";

const PASSWORD = "correct horse battery";

async function expectThrottled(res: Response) {
  const retryAfter = Number(res.headers.get("retry-after"));
  const body = await expectProblem(res, 429, "too_many_attempts");
  assert.ok(retryAfter > 0 && retryAfter <= 3600, `Retry-After ${retryAfter}`);
  assert.equal(body.retryAfter, retryAfter);
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`login and signup throttling on ${kind}`, async (t) => {
    const { app, close } = await createTestApp(kind, { TRUST_PROXY: "true" });
    const signup = (email: string, ip?: string) =>
      call(app, "POST", "/api/auth/signup", { email, password: PASSWORD, displayName: "T" }, {
        ip,
      });
    const login = (email: string, password: string, ip?: string) =>
      call(app, "POST", "/api/auth/login", { email, password }, { ip });
    try {
      await expectJson(await signup("victim@example.com"), 201);
      await expectJson(await signup("other@example.com"), 201);

      await t.step(
        "an account is locked after repeated failures, from any address, even to the right password",
        async () => {
          for (let i = 0; i < THROTTLES.loginAccount.limit; i++) {
            await expectProblem(
              await login("victim@example.com", "wrong password!"),
              401,
              "invalid_credentials",
            );
          }
          await expectThrottled(await login("victim@example.com", "wrong password!"));
          await expectThrottled(await login("VICTIM@example.com", PASSWORD));
          await expectJson(await login("other@example.com", PASSWORD), 200);
        },
      );

      await t.step("unknown emails are throttled like real ones", async () => {
        for (let i = 0; i < THROTTLES.loginAccount.limit; i++) {
          await expectProblem(
            await login("ghost@example.com", "wrong password!"),
            401,
            "invalid_credentials",
          );
        }
        await expectThrottled(await login("ghost@example.com", "wrong password!"));
      });

      await t.step("a successful login clears the account's failures", async () => {
        for (let i = 0; i < THROTTLES.loginAccount.limit - 1; i++) {
          await expectProblem(
            await login("other@example.com", "wrong password!"),
            401,
            "invalid_credentials",
          );
        }
        await expectJson(await login("other@example.com", PASSWORD), 200);
        for (let i = 0; i < THROTTLES.loginAccount.limit - 1; i++) {
          await expectProblem(
            await login("other@example.com", "wrong password!"),
            401,
            "invalid_credentials",
          );
        }
        await expectJson(await login("other@example.com", PASSWORD), 200);
      });

      await t.step(
        "an address is throttled after repeated failures across accounts; other addresses are not",
        async () => {
          const ip = freshIp();
          for (let i = 0; i < THROTTLES.loginIp.limit; i++) {
            await expectProblem(
              await login(`spray-${i}@example.com`, "wrong password!", ip),
              401,
              "invalid_credentials",
            );
          }
          await expectThrottled(await login("other@example.com", PASSWORD, ip));
          await expectJson(await login("other@example.com", PASSWORD, freshIp()), 200);
        },
      );

      await t.step("successful logins do not count against an address", async () => {
        const ip = freshIp();
        for (let i = 0; i < THROTTLES.loginIp.limit + 2; i++) {
          await (await login("other@example.com", PASSWORD, ip)).body?.cancel();
        }
        await expectJson(await login("other@example.com", PASSWORD, ip), 200);
      });

      await t.step("sign-ups are throttled per address", async () => {
        const ip = freshIp();
        for (let i = 0; i < THROTTLES.signupIp.limit; i++) {
          await expectJson(await signup(`bulk-${i}@example.com`, ip), 201);
        }
        await expectThrottled(await signup("one-more@example.com", ip));
        await expectJson(await signup("one-more@example.com"), 201);
      });
    } finally {
      await close();
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
        201,
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
