import assert from "node:assert/strict";
import { disputesModel, PaymentsModel } from "./money_model.ts";

function fakeFetch(respond: (url: string) => Response) {
  const urls: string[] = [];
  const fetch = (input: RequestInfo | URL) => {
    urls.push(String(input));
    return Promise.resolve(respond(String(input)));
  };
  return { urls, fetch: fetch as typeof globalThis.fetch };
}

const payment = {
  id: "p1",
  userId: "u1",
  provider: "stripe",
  amount: 2500,
  currency: "USD",
  state: "succeeded",
  refunded: 500,
  createdAt: "2026-12-07T08:00:00Z",
};

Deno.test("PaymentsModel asks for the chosen provider and state and pages on", async () => {
  const { urls, fetch } = fakeFetch(() => Response.json({ items: [payment], next: "p1" }));
  const model = new PaymentsModel(fetch);
  model.provider.value = "stripe";
  model.state.value = "succeeded";
  await model.list.reload();
  assert.deepEqual(model.list.items.value, [payment]);
  await model.list.more();
  assert.deepEqual(urls, [
    "/api/staff/payments?provider=stripe&state=succeeded&limit=50",
    "/api/staff/payments?provider=stripe&state=succeeded&limit=50&before=p1",
  ]);
  assert.equal(model.list.items.value?.length, 2);
});

Deno.test("PaymentsModel marks the list unavailable where the server has no such route", async () => {
  const { fetch } = fakeFetch(() =>
    new Response(JSON.stringify({ status: 404, code: "not_found", title: "Not found" }), {
      status: 404,
      headers: { "content-type": "application/problem+json" },
    })
  );
  const model = new PaymentsModel(fetch);
  await model.list.reload();
  assert.equal(model.unavailable.value, true);
  assert.deepEqual(model.list.items.value, []);
  assert.equal(model.list.error.value, null);
});

Deno.test("disputesModel() reads a bare array or {disputes} as one page", async () => {
  const dispute = { id: "d1", amount: 2500, state: "needs_response" };
  for (const body of [[dispute], { disputes: [dispute] }]) {
    const { fetch } = fakeFetch(() => Response.json(body));
    const model = disputesModel(fetch);
    await model.list.reload();
    assert.deepEqual(model.list.items.value, [dispute]);
    assert.equal(model.list.next.value, null);
  }
});
