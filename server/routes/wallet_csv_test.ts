import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createTestApp } from "../testing.ts";
import { call, expectJson, expectProblem } from "../users/testing.ts";
import { allTransactions, CSV_HEADER } from "./wallet_csv.ts";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`GET /api/wallet/transactions.csv on ${kind}`, async (t) => {
    const { app, deps, as, close } = await createTestApp(kind);
    try {
      const bettor = await as("bettor", "csv-bettor");
      const deposit = (amount: number, key: string) =>
        call(app, "POST", "/api/wallet/deposits", {
          amount,
          provider: "sandbox",
          idempotencyKey: key,
        }, { token: bettor.token });

      await t.step("needs a signed-in caller", async () => {
        await expectProblem(await call(app, "GET", "/api/wallet/transactions.csv"), 401, null);
      });

      await t.step("a caller with no history gets the header line only", async () => {
        const res = await call(app, "GET", "/api/wallet/transactions.csv", undefined, {
          token: bettor.token,
        });
        assert.equal(res.status, 200);
        assert.match(res.headers.get("content-type")!, /^text\/csv/);
        assert.match(
          res.headers.get("content-disposition")!,
          /^attachment; filename="[^"]+\.csv"$/,
        );
        assert.equal(res.headers.get("cache-control"), "private, no-store");
        assert.equal(await res.text(), `${CSV_HEADER.join(",")}\r\n`);
      });

      await t.step("deposits show newest first with plain decimal amounts", async () => {
        await expectJson(await deposit(1234, "csv-key-0001"), 201);
        await expectJson(await deposit(500, "csv-key-0002"), 201);
        const res = await call(app, "GET", "/api/wallet/transactions.csv", undefined, {
          token: bettor.token,
        });
        assert.equal(res.status, 200);
        const lines = (await res.text()).split("\r\n");
        assert.equal(lines.length, 4); // header, 2 rows, the empty string after the last CRLF
        assert.equal(lines[3], "");
        const [first, second] = [lines[1].split(","), lines[2].split(",")];
        assert.equal(first[1], "deposit");
        assert.equal(first[3], "5.00");
        assert.equal(second[3], "12.34");
        assert.equal(first[4], "USD");
        assert.equal(first[5], "posted");
        assert.ok(!Number.isNaN(Date.parse(first[0])));
      });

      await t.step("another caller sees none of it", async () => {
        const other = await as("bettor", "csv-other");
        const res = await call(app, "GET", "/api/wallet/transactions.csv", undefined, {
          token: other.token,
        });
        assert.equal((await res.text()).split("\r\n").length, 2);
      });

      await t.step("allTransactions() pages through the history and stops at max", async () => {
        await expectJson(await deposit(100, "csv-key-0003"), 201);
        const o = { ledger: deps.ledger, demo: true };
        const all = await allTransactions(deps.db.sql, o, bettor.id, { page: 1 });
        assert.deepEqual(all.map((tx) => tx.amount), [100, 500, 1234]);
        const two = await allTransactions(deps.db.sql, o, bettor.id, { page: 1, max: 2 });
        assert.deepEqual(two.map((tx) => tx.amount), [100, 500]);
      });
    } finally {
      await close();
    }
  });
}
