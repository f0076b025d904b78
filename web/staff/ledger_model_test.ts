import assert from "node:assert/strict";
import { ApiError } from "../api.ts";
import { describeViolation, LedgerCheckModel, UserLedgerModel } from "./ledger_model.ts";
import type { WalletTransaction } from "./staff_api.ts";

Deno.test("a violation reads as its kind and message, else its fields", () => {
  assert.equal(
    describeViolation({ kind: "escrow_not_empty", message: 'Market "m1" holds $5.00' }),
    'escrow_not_empty: Market "m1" holds $5.00',
  );
  assert.equal(
    describeViolation({ code: "negative_available", account: "user:u1", available: -5 }),
    "negative_available: account: user:u1 · available: -5",
  );
  assert.equal(describeViolation({}), "Unknown violation");
});

Deno.test("running the ledger check shows its answer and when it ran", async () => {
  const model = new LedgerCheckModel(
    { checkLedger: () => Promise.resolve({ ok: true, violations: [] }) },
    () => new Date("2026-12-07T02:00:00.000Z"),
  );
  await model.run();
  assert.deepEqual(model.result.value, { ok: true, violations: [] });
  assert.equal(model.checkedAt.value, "2026-12-07T02:00:00.000Z");
  assert.equal(model.running.value, false);
});

Deno.test("a failed ledger check says why and keeps the last answer", async () => {
  let fail = false;
  const model = new LedgerCheckModel({
    checkLedger: () =>
      fail
        ? Promise.reject(new ApiError({ status: 403, detail: "Admins only" }))
        : Promise.resolve({ ok: false, violations: [{ kind: "sum_not_zero" }] }),
  });
  await model.run();
  fail = true;
  await model.run();
  assert.equal(model.error.value, "Admins only");
  assert.equal(model.result.value?.ok, false);
});

Deno.test("a bettor's ledger pages through transactions and keeps the wallet", async () => {
  const tx = (id: string): WalletTransaction => ({
    id,
    kind: "deposit",
    amount: 1000,
    state: "posted",
    currency: "USD",
    betId: null,
    marketId: null,
    description: "Sandbox deposit",
    demo: true,
    createdAt: "2026-12-07T01:00:00.000Z",
  });
  const asked: (string | undefined)[] = [];
  const wallet = (available: number) => ({
    currency: "USD",
    available,
    pending: 0,
    balance: available,
    demo: true,
    bettor: true,
  });
  const model = new UserLedgerModel("u1", {
    userLedger: (userId, { before } = {}) => {
      assert.equal(userId, "u1");
      asked.push(before);
      return Promise.resolve(
        before
          ? { wallet: wallet(2000), items: [tx("t2")], next: null }
          : { wallet: wallet(2000), items: [tx("t1")], next: "c1" },
      );
    },
  });
  await model.list.reload();
  await model.list.more();
  assert.deepEqual(asked, [undefined, "c1"]);
  assert.deepEqual(model.list.items.value!.map((t) => t.id), ["t1", "t2"]);
  assert.equal(model.wallet.value?.available, 2000);
  assert.equal(model.list.next.value, null);
});
