import assert from "node:assert/strict";
import { actionsFor, type StaffWithdrawal, WithdrawalsModel } from "./withdrawals_model.ts";

const W: StaffWithdrawal = {
  id: "w1",
  userId: "u1",
  amount: 2_500,
  currency: "USD",
  state: "requested",
  method: null,
  reference: null,
  failure: null,
  requestedAt: "2026-12-07T08:00:00.000Z",
  decidedAt: null,
  paidAt: null,
};

const json = (status: number, body: unknown, type = "application/json") =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": type } });

function fakeFetch(answer: (url: string, init?: RequestInit) => Response) {
  const calls: { url: string; method: string; body: unknown }[] = [];
  const f = ((url: string, init?: RequestInit) => {
    calls.push({
      url,
      method: init?.method ?? "GET",
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    });
    return Promise.resolve(answer(url, init));
  }) as typeof fetch;
  return { f, calls };
}

Deno.test("WithdrawalsModel lists requested withdrawals and replaces a row with the server's answer", async () => {
  const { f, calls } = fakeFetch((url) =>
    url.endsWith("/approve") ? json(200, { ...W, state: "approved" }) : json(200, { items: [W] })
  );
  const m = new WithdrawalsModel(f);
  await m.load();
  assert.equal(calls[0].url, "/api/staff/withdrawals?state=requested");
  assert.deepEqual(m.items.value, [W]);
  assert.equal(await m.approve("w1"), true);
  assert.deepEqual(calls[1], {
    url: "/api/staff/withdrawals/w1/approve",
    method: "POST",
    body: undefined,
  });
  assert.equal(m.items.value![0].state, "approved");
  assert.equal(m.busy.value, null);
});

Deno.test("WithdrawalsModel sends the reason and the reference, and keeps the row when refused", async () => {
  const { f, calls } = fakeFetch((url) =>
    url.endsWith("/reject")
      ? json(409, {
        type: "about:blank",
        title: "Conflict",
        status: 409,
        code: "withdrawal_state",
        detail: 'Withdrawal "w1" is paid, not requested',
      }, "application/problem+json")
      : url.endsWith("/mark-paid")
      ? json(200, { ...W, state: "paid", method: "manual", reference: "BANK-1" })
      : json(200, { items: [W] })
  );
  const m = new WithdrawalsModel(f);
  await m.load();
  assert.equal(await m.reject("w1", "Name mismatch"), false);
  assert.deepEqual(calls[1].body, { reason: "Name mismatch" });
  assert.equal(m.items.value![0].state, "requested");
  assert.ok(m.error.value);
  assert.equal(await m.markPaid("w1", "BANK-1"), true);
  assert.deepEqual(calls[2].body, { reference: "BANK-1" });
  assert.equal(m.items.value![0].reference, "BANK-1");
  assert.equal(m.error.value, null);
});

Deno.test("actionsFor() offers decisions only while a withdrawal waits for staff", () => {
  assert.deepEqual(actionsFor(W), ["approve", "reject", "mark-paid"]);
  assert.deepEqual(actionsFor({ ...W, state: "approved", method: null }), []);
  assert.deepEqual(actionsFor({ ...W, state: "approved", method: "manual" }), [
    "reject",
    "mark-paid",
  ]);
  assert.deepEqual(
    actionsFor({ ...W, state: "approved", method: "manual", reference: "stripe:re_1" }),
    ["mark-paid"],
  );
  assert.deepEqual(actionsFor({ ...W, state: "paid" }), []);
});
