import assert from "node:assert/strict";
import { ApiError } from "../api.ts";
import type { Withdrawal } from "./money_api.ts";
import { WithdrawModel } from "./withdraw_model.ts";

const withdrawal = (id: string, amount: number, state: Withdrawal["state"]): Withdrawal => ({
  id,
  amount,
  currency: "USD",
  state,
  method: null,
  reference: null,
  failure: null,
  requestedAt: "2026-12-07T08:00:00Z",
  decidedAt: null,
  paidAt: null,
  userId: "u1",
});

function setup(available = 5000) {
  const rows: Withdrawal[] = [];
  let changed = 0;
  const model = new WithdrawModel({
    api: {
      withdrawals: () => Promise.resolve({ items: [...rows].reverse(), next: null }),
      requestWithdrawal: (amount) => {
        const held = rows.filter((w) => w.state === "requested").reduce((s, w) => s + w.amount, 0);
        if (amount > available - held) {
          return Promise.reject(new ApiError({ status: 422, code: "insufficient-funds" }));
        }
        const w = withdrawal(`w${rows.length + 1}`, amount, "requested");
        rows.push(w);
        return Promise.resolve(w);
      },
      cancelWithdrawal: (id) => {
        const w = rows.find((r) => r.id === id)!;
        if (w.state !== "requested") {
          return Promise.reject(new ApiError({ status: 409, code: "withdrawal_not_cancelable" }));
        }
        w.state = "canceled";
        return Promise.resolve(w);
      },
    },
    onChanged: () => changed++,
  });
  return { model, rows, changed: () => changed };
}

Deno.test("WithdrawModel requests a withdrawal, lists it as held and cancels it", async () => {
  const s = setup();
  await s.model.load();
  s.model.amountText.value = "20";
  assert.equal(await s.model.request(), true);
  assert.equal(s.rows[0].amount, 2000);
  assert.equal(s.model.held.value, 2000);
  assert.match(s.model.notice.value!, /held until staff approve/);
  assert.equal(s.model.amountText.value, "");
  await s.model.cancel("w1");
  assert.equal(s.model.held.value, 0);
  assert.match(s.model.notice.value!, /back in your wallet/);
  assert.equal(s.changed(), 2);
});

Deno.test("WithdrawModel says plainly when the amount is more than is available", async () => {
  const s = setup(1000);
  s.model.amountText.value = "25";
  assert.equal(await s.model.request(), false);
  assert.match(s.model.error.value!, /don't have that much available/);
  s.model.amountText.value = "-3";
  assert.equal(await s.model.request(), false);
  assert.match(s.model.error.value!, /Enter the amount/);
});

Deno.test("WithdrawModel: a withdrawal staff already approved cannot be canceled", async () => {
  const s = setup();
  s.model.amountText.value = "10";
  await s.model.request();
  s.rows[0].state = "approved";
  await s.model.cancel("w1");
  assert.match(s.model.error.value!, /can no longer be canceled/);
  assert.equal(s.model.held.value, 1000);
});

Deno.test("WithdrawModel marks withdrawals unavailable where the server has none", async () => {
  const model = new WithdrawModel({
    api: {
      withdrawals: () => Promise.reject(new ApiError({ status: 404, code: "not_found" })),
      requestWithdrawal: () => Promise.reject(new Error()),
      cancelWithdrawal: () => Promise.reject(new Error()),
    },
  });
  await model.load();
  assert.equal(model.unavailable.value, true);
  assert.equal(model.list.error.value, null);
});
