/**
 * Many clients at once: holds racing for one user's money never overdraw,
 * transfers crossing between users in both directions never deadlock (user
 * rows are locked in ascending id order), the same id written at once
 * applies once, and a hold raced by posts and voids is resolved once.
 */
import assert from "node:assert/strict";
import { DomainError } from "../../core/errors.ts";
import { openTestDb, TEST_DB_KINDS } from "../../tools/postgres.ts";
import { migrate } from "../migrate.ts";
import { checkLedger } from "./check.ts";
import { createLedger } from "./ledger.ts";

const ledger = createLedger({ currency: "USD" });
const sandbox = { kind: "clearing" as const, owner: "sandbox" };
const user = (owner: string) => ({ kind: "user" as const, owner });

const deposit = (u: string, amount: number, key = "k") => ({
  id: `deposit:${u}:${key}`,
  debit: sandbox,
  credit: user(u),
  amount,
  code: "deposit",
});

const isCode = (code: string) => (r: PromiseSettledResult<unknown>) =>
  r.status === "rejected" && r.reason instanceof DomainError && r.reason.code === code;

for (const kind of TEST_DB_KINDS) {
  Deno.test(`ledger under concurrent clients (${kind})`, async (t) => {
    await using db = await openTestDb(kind);
    await migrate(db.sql);
    const { sql } = db;

    await t.step("50 holds racing for one user's money: exactly what fits is held", async () => {
      const u = crypto.randomUUID();
      const m = crypto.randomUUID();
      await ledger.transfer(sql, deposit(u, 1000));
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          sql.begin((tx) =>
            ledger.hold(tx, {
              id: `stake:${u}:${i}`,
              debit: user(u),
              credit: { kind: "escrow", owner: m },
              amount: 30,
              code: "stake",
            })
          )),
      );
      assert.equal(results.filter((r) => r.status === "fulfilled").length, 33);
      assert.equal(results.filter(isCode("insufficient-funds")).length, 17);
      assert.deepEqual(await ledger.balance(sql, u), {
        available: 10,
        pending: 990,
        balance: 1000,
      });
      assert.deepEqual(await ledger.accountBalance(sql, { kind: "escrow", owner: m }), {
        posted: 0,
        pending: 990,
      });
    });

    await t.step(
      "crossing transfers, holds and resolutions among users never deadlock and conserve money",
      async () => {
        const users = Array.from({ length: 4 }, () => crypto.randomUUID());
        const m = crypto.randomUUID();
        await ledger.transferMany(
          sql,
          users.map((u) => ({
            id: `deposit:${u}:k`,
            debit: sandbox,
            credit: user(u),
            amount: 500,
            code: "deposit",
          })),
        );
        let seed = 7;
        const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
        const work: Promise<unknown>[] = [];
        for (let i = 0; i < 200; i++) {
          const a = users[next(users.length)];
          const b = users[next(users.length)];
          const amount = 1 + next(120);
          if (a !== b && i % 3 !== 2) {
            // A ring through every user, starting anywhere: each batch locks all their rows.
            const ring = users.map((_, k) => users[(users.indexOf(a) + k) % users.length]);
            work.push(sql.begin((tx) =>
              ledger.transferMany(tx, [
                ...ring.map((from, k) => ({
                  id: `ring:${i}:${k}`,
                  debit: user(from),
                  credit: user(ring[(k + 1) % ring.length]),
                  amount: 1 + next(30),
                  code: "transfer",
                })),
                { id: `move:${i}:a`, debit: user(a), credit: user(b), amount, code: "transfer" },
                {
                  id: `move:${i}:b`,
                  debit: user(b),
                  credit: user(a),
                  amount: 1 + next(50),
                  code: "transfer",
                },
              ])
            ));
          } else {
            work.push(sql.begin(async (tx) => {
              await ledger.hold(tx, {
                id: `stake:x${i}`,
                debit: user(a),
                credit: { kind: "escrow", owner: m },
                amount,
                code: "stake",
              });
              const resolve = i % 2 ? ledger.postHolds : ledger.voidHolds;
              await resolve(tx, [{ holdId: `stake:x${i}`, id: `stake-done:x${i}` }]);
            }));
          }
        }
        const results = await Promise.allSettled(work);
        const unexpected = results.filter((r) =>
          r.status === "rejected" && !isCode("insufficient-funds")(r)
        );
        assert.deepEqual(unexpected, []);
        const [{ total }] = await sql`
        select sum(credits_posted - debits_posted)::int as total from ledger_accounts
        where kind = 'user' and owner in ${sql(users)}`;
        const escrow = await ledger.accountBalance(sql, { kind: "escrow", owner: m });
        assert.equal(total + escrow.posted, users.length * 500);
        assert.equal(escrow.pending, 0);
        assert.deepEqual(await checkLedger(sql), { ok: true, violations: [] });
      },
    );

    await t.step("the same id written by 20 clients at once applies once", async () => {
      const u = crypto.randomUUID();
      const t0 = {
        id: `deposit:${u}:same`,
        debit: sandbox,
        credit: user(u),
        amount: 40,
        code: "deposit",
      };
      const same = await Promise.all(Array.from({ length: 20 }, () => ledger.transfer(sql, t0)));
      assert.equal(same.filter((r) => r.applied).length, 1);
      const t1 = { ...t0, id: `deposit:${u}:other` };
      const other = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => ledger.transfer(sql, { ...t1, amount: 40 + i })),
      );
      assert.equal(other.filter((r) => r.status === "fulfilled").length, 1);
      assert.equal(other.filter(isCode("transfer_id_taken")).length, 19);
      const [{ amount }] = await sql`select amount::int from ledger_transfers where id = ${t1.id}`;
      assert.equal((await ledger.balance(sql, u)).available, 40 + amount);
    });

    await t.step("a hold raced by posts and voids is resolved exactly once", async () => {
      const u = crypto.randomUUID();
      const m = crypto.randomUUID();
      await ledger.transfer(sql, deposit(u, 100));
      await ledger.hold(sql, {
        id: `stake:${u}`,
        debit: user(u),
        credit: { kind: "escrow", owner: m },
        amount: 60,
        code: "stake",
      });
      const counts = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? ledger.postHolds : ledger.voidHolds)(sql, [{
            holdId: `stake:${u}`,
            id: `done:${u}:${i}`,
          }])),
      );
      assert.equal(counts.reduce((a, b) => a + b, 0), 1);
      const b = await ledger.balance(sql, u);
      assert.equal(b.pending, 0);
      assert.ok(b.balance === 40 || b.balance === 100);
      assert.deepEqual(await checkLedger(sql), { ok: true, violations: [] });
    });
  });
}
