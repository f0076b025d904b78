import assert from "node:assert/strict";
import { migrate } from "../../migrate.ts";
import { openTestDb, TEST_DB_KINDS } from "../../../tools/postgres.ts";
import {
  armCrash,
  disarmCrash,
  installCrashTriggers,
  tolerateDroppedConnections,
} from "./crash.ts";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`an armed crash kills the one transaction that writes there, once, and leaves nothing (${kind})`, async () => {
    using dropped = tolerateDroppedConnections();
    await using db = await openTestDb(kind);
    const sql = db.sql;
    await migrate(sql);
    await installCrashTriggers(sql, kind);
    const [a, b] = await sql<{ id: string }[]>`
      insert into ledger_accounts (kind, owner, currency) values ('house', '', 'USD'), ('takeout', '', 'USD')
      returning id`;
    const write = (id: string) =>
      sql.begin(async (tx) => {
        await tx`insert into ledger_transfers (id, type, debit_account_id, credit_account_id, amount, currency, code)
          values (${`other:${id}`}, 'single', ${a.id}, ${b.id}, 1, 'USD', 'takeout')`;
        await tx`insert into ledger_transfers (id, type, debit_account_id, credit_account_id, amount, currency, code)
          values (${`payout:${id}`}, 'single', ${a.id}, ${b.id}, 5, 'USD', 'payout')`;
      });

    await write("x1");
    assert.equal(await disarmCrash(sql, "payout"), false, "nothing armed");
    await armCrash(sql, "payout");
    await assert.rejects(write("x2"));
    const [{ n }] = await sql<{ n: number }[]>`
      select count(*)::int as n from ledger_transfers where id like '%:x2'`;
    assert.equal(n, 0, "the transaction left nothing");
    await write("x2"); // the retry goes through: the crash fired once
    assert.equal(await disarmCrash(sql, "payout"), true);
    await armCrash(sql, "payout");
    assert.equal(await disarmCrash(sql, "payout"), false, "armed, never reached");
    await write("x3");
    const [{ total }] = await sql<{ total: number }[]>`
      select count(*)::int as total from ledger_transfers`;
    assert.equal(total, 6);
    // On PostgreSQL the connection really dropped; postgres.js then throws from a timer (see crash.ts).
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(kind === "postgres" ? dropped.count <= 1 : dropped.count === 0);
  });
}
