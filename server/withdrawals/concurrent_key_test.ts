/**
 * Concurrent withdrawal requests with one idempotency key (review L1): each
 * answers the one withdrawal made (201 once, 200 for the others), never a 500
 * from the unique key, and only its amount is held.
 */
import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { assertLedgerOk, fund } from "../markets/test_fixture.ts";
import { createTestApp } from "../testing.ts";
import { call } from "../users/testing.ts";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`concurrent withdrawals with one idempotency key answer the first on ${kind}`, async () => {
    const app = await createTestApp(kind);
    try {
      const u = await app.as("bettor", "racer");
      await fund(app, u.id, 1_000);
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          call(app.app, "POST", "/api/wallet/withdrawals", {
            amount: 100,
            idempotencyKey: "same-key",
          }, { token: u.token })),
      );
      const statuses = answers.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 200, 201]);
      const ids = new Set(
        await Promise.all(answers.map(async (r) => (await r.json()).withdrawal.id)),
      );
      assert.equal(ids.size, 1, "every answer names the one withdrawal");
      const rows = await app.deps.db.sql`select id from withdrawals where user_id = ${u.id}`;
      assert.equal(rows.length, 1);
      await assertLedgerOk(app);
    } finally {
      await app.close();
    }
  });
}
