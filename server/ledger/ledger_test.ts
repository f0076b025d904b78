import assert from "node:assert/strict";
import { DomainError } from "../../core/errors.ts";
import { openTestDb, TEST_DB_KINDS } from "../../tools/postgres.ts";
import { migrate } from "../migrate.ts";
import type { Sql } from "../db.ts";
import { checkLedger } from "./check.ts";
import { createLedger, type TransferInput } from "./ledger.ts";

const ledger = createLedger({ currency: "USD" });
const sandbox = { kind: "clearing" as const, owner: "sandbox" };
const user = (id: string) => ({ kind: "user" as const, owner: id });
const escrow = (id: string) => ({ kind: "escrow" as const, owner: id });

function deposit(userId: string, key: string, amount: number): TransferInput {
  return {
    id: `deposit:${userId}:${key}`,
    debit: sandbox,
    credit: user(userId),
    amount,
    code: "deposit",
  };
}

function stake(userId: string, betId: string, marketId: string, amount: number): TransferInput {
  return {
    id: `stake:${betId}`,
    debit: user(userId),
    credit: escrow(marketId),
    amount,
    code: "stake",
    marketId,
    betId,
  };
}

async function rejects(p: Promise<unknown>, code: string) {
  await assert.rejects(p, (e) => e instanceof DomainError && e.code === code);
}

/** Every account's stored totals and the transfers, to prove a refused call changed nothing. */
async function snapshot(sql: Sql) {
  return {
    accounts:
      await sql`select id, debits_posted, credits_posted, debits_pending, credits_pending from ledger_accounts order by id`,
    transfers: await sql`select id from ledger_transfers order by seq`,
  };
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`ledger on ${kind}`, async (t) => {
    await using db = await openTestDb(kind);
    await migrate(db.sql);
    const { sql } = db;
    /** A step, then the whole ledger checked. */
    const step = (name: string, fn: () => Promise<void>) =>
      t.step(name, async () => {
        await fn();
        assert.deepEqual(await checkLedger(sql), { ok: true, violations: [] });
      });

    await step("a deposit credits the user once; the same id again applies nothing", async () => {
      const u = crypto.randomUUID();
      assert.deepEqual(await ledger.transfer(sql, deposit(u, "k1", 500)), { applied: true });
      assert.deepEqual(await ledger.transfer(sql, deposit(u, "k1", 500)), { applied: false });
      assert.deepEqual(await ledger.balance(sql, u), { available: 500, pending: 0, balance: 500 });
      assert.deepEqual(await ledger.accountBalance(sql, sandbox), { posted: -500, pending: 0 });
    });

    await step("the same id with other content is refused with transfer_id_taken", async () => {
      const u = crypto.randomUUID();
      await ledger.transfer(sql, deposit(u, "k1", 500));
      await rejects(ledger.transfer(sql, deposit(u, "k1", 501)), "transfer_id_taken");
      await rejects(ledger.hold(sql, deposit(u, "k1", 500)), "transfer_id_taken");
      assert.equal((await ledger.balance(sql, u)).available, 500);
    });

    await step(
      "a hold moves money from available to pending; post and void resolve it once",
      async () => {
        const u = crypto.randomUUID();
        const m = crypto.randomUUID();
        const [b1, b2] = [crypto.randomUUID(), crypto.randomUUID()];
        await ledger.transfer(sql, deposit(u, "k", 1000));
        assert.deepEqual(await ledger.hold(sql, stake(u, b1, m, 300)), { applied: true });
        assert.deepEqual(await ledger.hold(sql, stake(u, b2, m, 200)), { applied: true });
        assert.deepEqual(await ledger.balance(sql, u), {
          available: 500,
          pending: 500,
          balance: 1000,
        });
        assert.deepEqual(await ledger.accountBalance(sql, escrow(m)), { posted: 0, pending: 500 });
        const post = [{ holdId: `stake:${b1}`, id: `stake-post:${b1}` }];
        assert.equal(await ledger.postHolds(sql, post), 1);
        assert.equal(await ledger.postHolds(sql, post), 0);
        assert.equal(
          await ledger.voidHolds(sql, [{ holdId: `stake:${b1}`, id: `stake-void:${b1}` }]),
          0,
        );
        const voids = [{ holdId: `stake:${b2}`, id: `stake-void:${b2}` }];
        assert.equal(await ledger.voidHolds(sql, voids), 1);
        assert.equal(await ledger.voidHolds(sql, voids), 0);
        assert.equal(
          await ledger.postHolds(sql, [{ holdId: `stake:${b2}`, id: `stake-post:${b2}` }]),
          0,
        );
        assert.deepEqual(await ledger.balance(sql, u), {
          available: 700,
          pending: 0,
          balance: 700,
        });
        assert.deepEqual(await ledger.accountBalance(sql, escrow(m)), { posted: 300, pending: 0 });
      },
    );

    await step(
      "holdMany judges each hold alone, in order: one the wallet cannot cover is left out, the rest apply",
      async () => {
        const [u, v] = [crypto.randomUUID(), crypto.randomUUID()];
        const m = crypto.randomUUID();
        const [b1, b2, b3, b4] = Array.from({ length: 4 }, () => crypto.randomUUID());
        await ledger.transfer(sql, deposit(u, "k", 500));
        await ledger.transfer(sql, deposit(v, "k", 100));
        const { applied, refused } = await ledger.holdMany(sql, [
          stake(u, b1, m, 300),
          stake(u, b2, m, 300), // 200 left: refused
          stake(u, b3, m, 200), // fits what is left
          stake(v, b4, m, 100),
        ]);
        assert.equal(applied, 3);
        assert.deepEqual([...refused], [[`stake:${b2}`, { available: 200, needed: 300 }]]);
        assert.deepEqual(await ledger.balance(sql, u), {
          available: 0,
          pending: 500,
          balance: 500,
        });
        assert.deepEqual(await ledger.balance(sql, v), {
          available: 0,
          pending: 100,
          balance: 100,
        });
        assert.deepEqual(await ledger.accountBalance(sql, escrow(m)), { posted: 0, pending: 600 });
      },
    );

    await step(
      "returnHolds voids a pending hold, refunds a posted one under the same id, and is safe to repeat",
      async () => {
        const u = crypto.randomUUID();
        const m = crypto.randomUUID();
        const [b1, b2, b3] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
        await ledger.transfer(sql, deposit(u, "k", 1000));
        for (const [b, amount] of [[b1, 100], [b2, 200], [b3, 300]] as const) {
          await ledger.hold(sql, stake(u, b, m, amount));
        }
        await ledger.postHolds(sql, [{ holdId: `stake:${b2}`, id: `stake-post:${b2}` }]);
        await ledger.voidHolds(sql, [{ holdId: `stake:${b3}`, id: `stake-void:${b3}` }]);
        const back = [b1, b2, b3].map((b) => ({ holdId: `stake:${b}`, id: `stake-void:${b}` }));
        assert.equal(await ledger.returnHolds(sql, back), 2);
        assert.equal(await ledger.returnHolds(sql, back), 0, "a second call writes nothing");
        assert.deepEqual(await ledger.balance(sql, u), {
          available: 1000,
          pending: 0,
          balance: 1000,
        });
        assert.deepEqual(await ledger.accountBalance(sql, escrow(m)), { posted: 0, pending: 0 });
        const [refund] = await sql`
          select type, code, amount::int from ledger_transfers where id = ${`stake-void:${b2}`}`;
        assert.deepEqual({ ...refund }, { type: "single", code: "refund", amount: 200 });
        await rejects(
          ledger.returnHolds(sql, [{ holdId: "stake:nope", id: "stake-void:nope" }]),
          "unknown_hold",
        );
      },
    );

    await step("insufficient funds refuses and leaves balances untouched", async () => {
      const u = crypto.randomUUID();
      const m = crypto.randomUUID();
      await ledger.transfer(sql, deposit(u, "k", 100));
      const before = await snapshot(sql);
      await assert.rejects(
        ledger.hold(sql, stake(u, crypto.randomUUID(), m, 101)),
        (e) =>
          e instanceof DomainError && e.code === "insufficient-funds" &&
          e.extra.available === 100 &&
          e.extra.needed === 101,
      );
      await rejects(
        ledger.transferMany(sql, [
          { id: `payout:x:${u}`, debit: escrow(m), credit: user(u), amount: 5, code: "payout" },
          {
            id: `clawback:x:${u}`,
            debit: user(u),
            credit: escrow(m),
            amount: 200,
            code: "clawback",
          },
        ]),
        "insufficient-funds",
      );
      assert.deepEqual(await snapshot(sql), before);
    });

    await step("bad amounts are refused and change nothing", async () => {
      const u = crypto.randomUUID();
      await ledger.transfer(sql, deposit(u, "k", 100));
      const before = await snapshot(sql);
      for (const amount of [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, NaN, Infinity, "5", null]) {
        await rejects(
          ledger.transfer(sql, deposit(u, "bad", amount as number)),
          "invalid_transfer",
        );
        await rejects(
          ledger.transferMany(sql, [deposit(u, "ok", 1), deposit(u, "bad", amount as number)]),
          "invalid_transfer",
        );
      }
      assert.deepEqual(await snapshot(sql), before);
    });

    await step("malformed transfers and unknown holds are refused and change nothing", async () => {
      const u = crypto.randomUUID();
      await ledger.transfer(sql, deposit(u, "k", 100));
      const before = await snapshot(sql);
      const ok = deposit(u, "x", 5);
      for (
        const bad of [
          { ...ok, id: "has space" },
          { ...ok, id: "x".repeat(161) },
          { ...ok, code: "Deposit" },
          { ...ok, debit: user(u) },
          { ...ok, debit: { kind: "bank" } },
          { ...ok, credit: { kind: "user", owner: "o".repeat(65) } },
          { ...ok, marketId: "not-a-uuid" },
          { ...ok, memo: [] },
        ]
      ) {
        await rejects(ledger.transfer(sql, bad as TransferInput), "invalid_transfer");
      }
      await rejects(
        ledger.postHolds(sql, [{ holdId: "stake:none", id: "stake-post:none" }]),
        "unknown_hold",
      );
      await rejects(
        ledger.voidHolds(sql, [{ holdId: `deposit:${u}:k`, id: "void:deposit" }]),
        "unknown_hold",
      );
      assert.deepEqual(await snapshot(sql), before);
    });

    await step(
      "transferMany applies a batch set-based and skips ids already applied",
      async () => {
        const m = crypto.randomUUID();
        const users = Array.from({ length: 50 }, () => crypto.randomUUID());
        const deps = users.map((u) => deposit(u, "many", 10));
        assert.equal(await ledger.transferMany(sql, deps.slice(0, 10)), 10);
        assert.equal(await ledger.transferMany(sql, deps), 40);
        assert.equal(await ledger.transferMany(sql, deps), 0);
        await sql.begin(async (tx) => {
          for (const [i, u] of users.entries()) {
            await ledger.hold(tx, stake(u, crypto.randomUUID(), m, 1 + (i % 10)));
          }
        });
        const holds = await sql<
          { id: string }[]
        >`select id from ledger_transfers where market_id = ${m} and type = 'pending'`;
        assert.equal(
          await ledger.postHolds(sql, holds.map((h) => ({ holdId: h.id, id: `${h.id}-post` }))),
          50,
        );
        for (const u of users) assert.equal((await ledger.balance(sql, u)).pending, 0);
      },
    );
  });
}
