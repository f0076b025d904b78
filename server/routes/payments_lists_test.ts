import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { stripeTestApp } from "../payments/stripe/testing.ts";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`deposit, payment and dispute lists on ${kind}`, async (t) => {
    const s = await stripeTestApp(kind);
    const get = async (path: string, headers: Record<string, string>) => {
      const res = await s.app.request(path, { headers });
      return { status: res.status, body: await res.json() };
    };
    try {
      const ann = await s.bettor("ann");
      const bob = await s.bettor("bob");
      const staff = await s.as("staff");
      const first = await s.paid(ann.token, 1000);
      const { body: second } = await s.deposit(ann.token, 2000);
      const { dispute } = s.fake.dispute(first.pi, 400);
      await s.fake.webhooks.settle();
      s.fake.closeDispute(dispute.id, "lost");
      await s.fake.webhooks.settle();

      await t.step("a bettor sees their own deposits, newest first, paged", async () => {
        const mine = await get("/api/wallet/deposits", ann.headers);
        assert.equal(mine.status, 200);
        assert.deepEqual(mine.body.items.map((d: { id: string }) => d.id), [
          second.deposit.id,
          first.paymentId,
        ]);
        assert.deepEqual(
          { ...mine.body.items[1], createdAt: "" },
          {
            id: first.paymentId,
            amount: 1000,
            provider: "stripe",
            state: "succeeded",
            refunded: 400,
            createdAt: "",
          },
        );
        const one = await get("/api/wallet/deposits?limit=1", ann.headers);
        assert.equal(one.body.items.length, 1);
        const rest = await get(
          `/api/wallet/deposits?limit=1&before=${encodeURIComponent(one.body.next)}`,
          ann.headers,
        );
        assert.deepEqual(rest.body.items.map((d: { id: string }) => d.id), [first.paymentId]);
        assert.deepEqual((await get("/api/wallet/deposits", bob.headers)).body.items, []);
      });

      await t.step("staff list payments by provider and state, with the user's email", async () => {
        const page = await get(
          "/api/staff/payments?provider=stripe&state=succeeded",
          staff.headers,
        );
        assert.equal(page.status, 200);
        assert.equal(page.body.items.length, 1);
        assert.equal(page.body.items[0].userEmail, ann.email);
        assert.equal(page.body.items[0].providerRef, first.pi);
        assert.equal((await get("/api/staff/payments", ann.headers)).status, 403);
      });

      await t.step("staff see each dispute once with its latest status", async () => {
        const page = await get("/api/staff/disputes", staff.headers);
        assert.equal(page.status, 200);
        assert.equal(page.body.items.length, 1);
        const [d] = page.body.items;
        assert.equal(d.id, dispute.id);
        assert.equal(d.status, "lost");
        assert.equal(d.amount, 400);
        assert.equal(d.paymentId, first.paymentId);
        assert.equal(d.userId, ann.id);
        assert.equal((await get("/api/staff/disputes", ann.headers)).status, 403);
      });
    } finally {
      await s.close();
    }
  });
}
