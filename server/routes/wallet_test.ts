import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { checkLedger } from "../ledger/check.ts";
import { insertMarket } from "../ledger/testing.ts";
import { createTestApp } from "../testing.ts";
import { call, expectJson, expectProblem } from "../users/testing.ts";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** Transfers and user totals, to prove a refused call changed nothing. */
async function ledgerRows(t: TestApp) {
  const { sql } = t.deps.db;
  return JSON.stringify([
    await sql`select id, amount from ledger_transfers order by seq`,
    await sql`select id, credits_posted, debits_posted, debits_pending from ledger_accounts order by id`,
  ]);
}

async function assertLedgerOk(t: TestApp) {
  assert.deepEqual(await checkLedger(t.deps.db.sql), { ok: true, violations: [] });
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`wallet routes on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const { sql } = app.deps.db;
    const ledger = app.deps.ledger;
    const post = (path: string, body: unknown, token?: string) =>
      call(app.app, "POST", path, body, { token });
    const get = (path: string, token?: string) => call(app.app, "GET", path, undefined, { token });
    try {
      await t.step(
        "a spectator's wallet is empty, demo, and says they cannot bet yet",
        async () => {
          const u = await app.as("spectator", "sam");
          const w = await expectJson(await get("/api/wallet", u.token), 200);
          assert.deepEqual(w, {
            currency: "USD",
            available: 0,
            pending: 0,
            balance: 0,
            demo: true,
            bettor: false,
          });
          await expectProblem(await get("/api/wallet"), 401, "unauthenticated");
        },
      );

      await t.step(
        "a spectator who becomes a bettor deposits with the same token at once",
        async () => {
          const u = await app.as("spectator", "newcomer");
          const deposit = { amount: 500, provider: "sandbox", idempotencyKey: "first-deposit" };
          await expectProblem(
            await post("/api/wallet/deposits", deposit, u.token),
            403,
            "not_a_bettor",
          );
          await expectJson(
            await post(
              "/api/me/betting",
              { dateOfBirth: "1990-05-01", acceptTerms: true },
              u.token,
            ),
            200,
          );
          const made = await expectJson(await post("/api/wallet/deposits", deposit, u.token), 201);
          const [payment] = await app.deps.db.sql<{ id: string; state: string }[]>`
            select id, state from payments
            where user_id = ${u.id} and idempotency_key = 'first-deposit'`;
          assert.deepEqual(made.deposit, {
            id: payment.id,
            amount: 500,
            provider: "sandbox",
            demo: true,
            state: "succeeded",
          });
          assert.equal(payment.state, "succeeded", "a sandbox deposit is a payment like any other");
          assert.deepEqual(made.wallet, {
            currency: "USD",
            available: 500,
            pending: 0,
            balance: 500,
            demo: true,
            bettor: true,
          });
          await assertLedgerOk(app);
        },
      );

      await t.step(
        "the same idempotency key answers the first deposit; another amount is refused",
        async () => {
          const u = await app.as("bettor", "repeat");
          const body = { amount: 700, provider: "sandbox", idempotencyKey: "key-12345" };
          const first = await expectJson(await post("/api/wallet/deposits", body, u.token), 201);
          const again = await expectJson(await post("/api/wallet/deposits", body, u.token), 200);
          assert.deepEqual(again, first);
          const before = await ledgerRows(app);
          await expectProblem(
            await post("/api/wallet/deposits", { ...body, amount: 701 }, u.token),
            400,
            "idempotency_key_reused",
          );
          assert.equal(await ledgerRows(app), before);
          // Without a key, each call is its own deposit.
          await expectJson(
            await post("/api/wallet/deposits", { amount: 1, provider: "sandbox" }, u.token),
            201,
          );
          await expectJson(
            await post("/api/wallet/deposits", { amount: 1, provider: "sandbox" }, u.token),
            201,
          );
          assert.equal((await ledger.balance(sql, u.id)).available, 702);
          await assertLedgerOk(app);
        },
      );

      await t.step(
        "staff, signed-out callers and bad bodies are refused and change nothing",
        async () => {
          const bettor = await app.as("bettor", "careful");
          const before = await ledgerRows(app);
          for (const r of ["staff", "admin"] as const) {
            const u = await app.as(r);
            await expectProblem(
              await post("/api/wallet/deposits", { amount: 100, provider: "sandbox" }, u.token),
              403,
              "staff_may_not_bet",
            );
          }
          await expectProblem(
            await post("/api/wallet/deposits", { amount: 100, provider: "sandbox" }),
            401,
            "unauthenticated",
          );
          for (
            const amount of [0, -1, 1.5, 100_001, Number.MAX_SAFE_INTEGER + 2, "100", null, true, [
              1,
            ], {}]
          ) {
            await expectProblem(
              await post("/api/wallet/deposits", { amount, provider: "sandbox" }, bettor.token),
              400,
              "invalid_request",
            );
          }
          for (
            const body of [
              { amount: 100, provider: "bitcoin" },
              { amount: 100 },
              { amount: 100, provider: "sandbox", idempotencyKey: "short" },
              { amount: 100, provider: "sandbox", idempotencyKey: "bad key with spaces" },
              { amount: 100, provider: "sandbox", extra: 1 },
              '{"amount": 1e999, "provider": "sandbox"}',
              "{not json",
            ]
          ) {
            await expectProblem(await post("/api/wallet/deposits", body, bettor.token), 400, null);
          }
          assert.equal(await ledgerRows(app), before);
          await assertLedgerOk(app);
        },
      );

      await t.step(
        "transactions: signed amounts, words, one row per hold following its resolution, pages",
        async () => {
          const u = await app.as("bettor", "pager");
          const staff = await app.as("staff");
          await expectJson(
            await post("/api/wallet/deposits", {
              amount: 1000,
              provider: "sandbox",
              idempotencyKey: "pager-key-1",
            }, u.token),
            201,
          );
          const m = await insertMarket(sql, "open", "Ana", 3);
          const bets = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
          for (const [i, betId] of bets.entries()) {
            await ledger.hold(sql, {
              id: `stake:${betId}`,
              debit: { kind: "user", owner: u.id },
              credit: { kind: "escrow", owner: m },
              amount: 100 * (i + 1),
              code: "stake",
              marketId: m,
              betId,
            });
          }
          await ledger.postHolds(sql, [{
            holdId: `stake:${bets[0]}`,
            id: `stake-post:${bets[0]}`,
          }]);
          await ledger.voidHolds(sql, [{
            holdId: `stake:${bets[1]}`,
            id: `stake-void:${bets[1]}`,
          }]);
          await ledger.transfer(sql, {
            id: `payout:${bets[0]}:1`,
            debit: { kind: "escrow", owner: m },
            credit: { kind: "user", owner: u.id },
            amount: 90,
            code: "payout",
            marketId: m,
            betId: bets[0],
          });
          const all = await expectJson(
            await get("/api/wallet/transactions?limit=200", u.token),
            200,
          );
          assert.equal(all.next, null);
          assert.deepEqual(
            all.items.map((
              i: Record<string, unknown>,
            ) => [i.kind, i.amount, i.state, i.description]),
            [
              ["payout", 90, "posted", "Winnings on Strike — frame 3, Ana"],
              ["stake", -300, "pending", "Stake on Strike — frame 3, Ana"],
              ["stake", -200, "void", "Stake on Strike — frame 3, Ana"],
              ["stake", -100, "posted", "Stake on Strike — frame 3, Ana"],
              ["deposit", 1000, "posted", "Sandbox deposit (demo money)"],
            ],
          );
          assert.equal(all.items[1].betId, bets[2]);
          assert.equal(all.items[1].marketId, m);
          assert.ok(
            all.items.every((i: { demo: boolean; currency: string }) =>
              i.demo && i.currency === "USD"
            ),
          );
          const w = await expectJson(await get("/api/wallet", u.token), 200);
          assert.deepEqual([w.available, w.pending, w.balance], [690, 300, 990]);

          const seen: string[] = [];
          let path = "/api/wallet/transactions?limit=2";
          for (let pages = 0; pages < 5; pages++) {
            const page = await expectJson(await get(path, u.token), 200);
            seen.push(...page.items.map((i: { id: string }) => i.id));
            if (!page.next) break;
            path = `/api/wallet/transactions?limit=2&before=${page.next}`;
          }
          assert.deepEqual(seen, all.items.map((i: { id: string }) => i.id));
          for (
            const q of ["limit=0", "limit=201", "limit=x", "before=-1", "before=abc", "before=1e3"]
          ) {
            await expectProblem(
              await get(`/api/wallet/transactions?${q}`, u.token),
              400,
              "invalid_request",
            );
          }

          const seenByStaff = await expectJson(
            await get(`/api/users/${u.id}/ledger?limit=200`, staff.token),
            200,
          );
          assert.deepEqual(seenByStaff.items, all.items);
          assert.deepEqual(seenByStaff.wallet, w);
          assert.equal(seenByStaff.user.id, u.id);
          await expectProblem(await get(`/api/users/${u.id}/ledger`, u.token), 403, "forbidden");
          await expectProblem(
            await get(`/api/users/${crypto.randomUUID()}/ledger`, staff.token),
            404,
            "unknown_user",
          );
          await expectProblem(
            await get(`/api/users/nope/ledger`, staff.token),
            400,
            "invalid_request",
          );
          await assertLedgerOk(app);
        },
      );
    } finally {
      await app.close();
    }
  });
}

Deno.test("SANDBOX_DEPOSITS=false refuses sandbox deposits with sandbox_disabled", async () => {
  const app = await createTestApp("pglite", { SANDBOX_DEPOSITS: "false" });
  try {
    const u = await app.as("bettor");
    await expectProblem(
      await call(app.app, "POST", "/api/wallet/deposits", { amount: 100, provider: "sandbox" }, {
        token: u.token,
      }),
      403,
      "sandbox_disabled",
    );
    const w = await expectJson(
      await call(app.app, "GET", "/api/wallet", undefined, { token: u.token }),
      200,
    );
    assert.equal(w.demo, false);
    assert.equal(w.available, 0);
  } finally {
    await app.close();
  }
});
