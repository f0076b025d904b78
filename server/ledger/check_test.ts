import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import type { SqlOrTx } from "../db.ts";
import { createTestApp } from "../testing.ts";
import { checkLedger, type Violation } from "./check.ts";
import { createLedger } from "./ledger.ts";
import { insertMarket } from "./testing.ts";

const ledger = createLedger({ currency: "USD" });
const sandbox = { kind: "clearing" as const, owner: "sandbox" };

/** Runs `corrupt` in a transaction that is rolled back, and returns the check's violations seen inside it. */
async function violationsAfter(sql: SqlOrTx, corrupt: (tx: SqlOrTx) => Promise<unknown>) {
  let seen: Violation[] = [];
  await assert.rejects(
    (sql as import("../db.ts").Sql).begin(async (tx) => {
      await corrupt(tx);
      seen = (await checkLedger(tx)).violations;
      throw new Error("roll back");
    }),
    /roll back/,
  );
  return seen;
}

const codes = (vs: Violation[]) => [...new Set(vs.map((v) => v.code))].sort();

for (const kind of TEST_DB_KINDS) {
  Deno.test(`checkLedger finds each kind of corruption (${kind})`, async (t) => {
    const app = await createTestApp(kind);
    const { sql } = app.deps.db;
    try {
      const u = crypto.randomUUID();
      const m = await insertMarket(sql, "open");
      const bet = crypto.randomUUID();
      await ledger.transfer(sql, {
        id: `deposit:${u}:k`,
        debit: sandbox,
        credit: { kind: "user", owner: u },
        amount: 1000,
        code: "deposit",
      });
      await ledger.hold(sql, {
        id: `stake:${bet}`,
        debit: { kind: "user", owner: u },
        credit: { kind: "escrow", owner: m },
        amount: 300,
        code: "stake",
        marketId: m,
        betId: bet,
      });
      await ledger.postHolds(sql, [{ holdId: `stake:${bet}`, id: `stake-post:${bet}` }]);
      await ledger.hold(sql, {
        id: `stake:${u}-2`,
        debit: { kind: "user", owner: u },
        credit: { kind: "escrow", owner: m },
        amount: 100,
        code: "stake",
      });

      await t.step("a consistent ledger is ok", async () => {
        assert.deepEqual(await checkLedger(sql), { ok: true, violations: [] });
      });

      await t.step("stored user totals that differ from the transfers", async () => {
        const vs = await violationsAfter(
          sql,
          (tx) =>
            tx`update ledger_accounts set credits_posted = credits_posted + 1 where owner = ${u}`,
        );
        assert.deepEqual(codes(vs), ["totals_mismatch"]);
        assert.equal(vs[0].owner, u);
      });

      await t.step("a user below zero available (the CHECK constraint dropped)", async () => {
        const vs = await violationsAfter(sql, async (tx) => {
          await tx`alter table ledger_accounts drop constraint ledger_accounts_user_available`;
          await tx`update ledger_accounts set debits_pending = 5000 where owner = ${u}`;
        });
        assert.deepEqual(codes(vs), ["negative_available", "totals_mismatch"]);
      });

      await t.step("a transfer between currencies unbalances both and mismatches", async () => {
        const vs = await violationsAfter(sql, async (tx) => {
          const [eur] = await tx<{ id: string }[]>`
            insert into ledger_accounts (kind, owner, currency) values ('house', '', 'EUR') returning id`;
          await tx`
            insert into ledger_transfers (id, type, debit_account_id, credit_account_id, amount, currency, code)
            select 'bad:x', 'single', ${eur.id}, a.id, 7, 'USD', 'deposit'
            from ledger_accounts a where kind = 'clearing'`;
        });
        assert.deepEqual(codes(vs), ["currency_mismatch", "currency_unbalanced"]);
        assert.equal(vs.filter((v) => v.code === "currency_unbalanced").length, 2);
      });

      await t.step(
        "a transfer to an account that does not exist (no foreign key stops it)",
        async () => {
          const vs = await violationsAfter(sql, async (tx) => {
            await tx`
            insert into ledger_transfers (id, type, debit_account_id, credit_account_id, amount, currency, code)
            select 'bad:orphan', 'single', a.id, 987654321, 7, 'USD', 'deposit'
            from ledger_accounts a where kind = 'clearing'`;
          });
          assert.ok(codes(vs).includes("unknown_account"), JSON.stringify(vs));
          assert.deepEqual(
            vs.filter((v) => v.code === "unknown_account").map((v) => v.transferId),
            ["bad:orphan"],
          );
        },
      );

      await t.step("a post that does not match its hold", async () => {
        const vs = await violationsAfter(
          sql,
          (tx) => tx`update ledger_transfers set amount = 299 where id = ${`stake-post:${bet}`}`,
        );
        assert.ok(codes(vs).includes("resolution_mismatch"), JSON.stringify(vs));
      });

      await t.step("a finalized or void market whose escrow is not empty", async () => {
        for (const state of ["finalized", "void"]) {
          const vs = await violationsAfter(sql, async (tx) => {
            const result = state === "finalized" ? "yes" : null;
            await tx`update markets set state = ${state}, result = ${result} where id = ${m}`;
          });
          assert.deepEqual(codes(vs), ["escrow_not_empty"]);
          assert.equal(vs[0].posted, 300);
          assert.equal(vs[0].pending, 100);
        }
      });

      await t.step("GET /api/admin/ledger/check answers admins only", async () => {
        const admin = await app.as("admin");
        const res = await app.app.request("/api/admin/ledger/check", { headers: admin.headers });
        assert.equal(res.status, 200);
        assert.deepEqual(await res.json(), { ok: true, violations: [] });
        const staff = await app.as("staff");
        const refused = await app.app.request("/api/admin/ledger/check", {
          headers: staff.headers,
        });
        assert.equal(refused.status, 403);
        assert.equal(refused.headers.get("content-type"), "application/problem+json");
        await refused.body?.cancel();
        const anon = await app.app.request("/api/admin/ledger/check");
        assert.equal(anon.status, 401);
        await anon.body?.cancel();
        await sql`update ledger_accounts set credits_posted = credits_posted + 1 where owner = ${u}`;
        const bad =
          await (await app.app.request("/api/admin/ledger/check", { headers: admin.headers }))
            .json();
        assert.equal(bad.ok, false);
        assert.equal(bad.violations[0].code, "totals_mismatch");
      });
    } finally {
      await app.close();
    }
  });
}
