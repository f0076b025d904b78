import assert from "node:assert/strict";
import { ApiError } from "../api.ts";
import { createBettingApi } from "./betting_api.ts";
import { makeBet, makeMarket } from "./fixtures.ts";

function fakeFetch(respond: (url: string, init?: RequestInit) => Response) {
  const calls: { url: string; method: string; body?: unknown }[] = [];
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({
      url: String(input),
      method: init?.method ?? "GET",
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    });
    return Promise.resolve(respond(String(input), init));
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

const problemResponse = (status: number, body: Record<string, unknown>) =>
  new Response(JSON.stringify({ type: "about:blank", title: "Conflict", status, ...body }), {
    status,
    headers: { "content-type": "application/problem+json" },
  });

Deno.test("placeBet() POSTs the body to /api/bets and returns the bet", async () => {
  const market = makeMarket();
  const bet = makeBet(market);
  const { calls, fetch } = fakeFetch(() => Response.json({ bet }, { status: 201 }));
  const body = {
    marketId: market.id,
    outcome: "yes",
    stake: 500,
    marketVersion: 1,
    idempotencyKey: "web-abc-123",
  };
  assert.deepEqual(await createBettingApi(fetch).placeBet(body), bet);
  assert.deepEqual(calls, [{ url: "/api/bets", method: "POST", body }]);
});

Deno.test("placeBet() surfaces a stale version as an ApiError with its code and version", async () => {
  const { fetch } = fakeFetch(() =>
    problemResponse(409, {
      detail: "The market has changed",
      code: "market-version-stale",
      version: 3,
    })
  );
  const error = await createBettingApi(fetch).placeBet({
    marketId: "m",
    outcome: "yes",
    stake: 100,
    marketVersion: 2,
    idempotencyKey: "web-abc-123",
  }).catch((e) => e);
  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 409);
  assert.equal(error.code, "market-version-stale");
  assert.equal(error.extra.version, 3);
  assert.equal(error.detail, "The market has changed");
});

Deno.test("laneMarkets() GETs the lane's markets with the id escaped", async () => {
  const market = makeMarket();
  const { calls, fetch } = fakeFetch(() => Response.json({ markets: [market] }));
  assert.deepEqual(await createBettingApi(fetch).laneMarkets("north 1"), [market]);
  assert.equal(calls[0].url, "/api/lanes/north%201/markets");
});

Deno.test("bets() and transactions() page with status, limit and before", async () => {
  const { calls, fetch } = fakeFetch((url) =>
    url.startsWith("/api/bets")
      ? Response.json({ bets: [], next: "c2" })
      : Response.json({ items: [], next: null })
  );
  const api = createBettingApi(fetch);
  assert.deepEqual(await api.bets("settled", { limit: 20, before: "c1" }), {
    items: [],
    next: "c2",
  });
  assert.deepEqual(await api.transactions({ limit: 20 }), { items: [], next: null });
  assert.deepEqual(calls.map((c) => c.url), [
    "/api/bets?status=settled&limit=20&before=c1",
    "/api/wallet/transactions?limit=20",
  ]);
});

Deno.test("deposit(), becomeBettor() and liveTicket() send what the API expects", async () => {
  const { calls, fetch } = fakeFetch((url) =>
    url === "/api/live/tickets"
      ? Response.json({ ticket: "t", expiresAt: "2026-12-07T01:00:00Z" })
      : Response.json({}, { status: 201 })
  );
  const api = createBettingApi(fetch);
  await api.deposit(5000, "web-key-0001");
  await api.becomeBettor("1990-05-01", true);
  assert.equal((await api.liveTicket()).ticket, "t");
  assert.deepEqual(calls, [
    {
      url: "/api/wallet/deposits",
      method: "POST",
      body: { amount: 5000, provider: "sandbox", idempotencyKey: "web-key-0001" },
    },
    {
      url: "/api/me/betting",
      method: "POST",
      body: { dateOfBirth: "1990-05-01", acceptTerms: true },
    },
    { url: "/api/live/tickets", method: "POST", body: undefined },
  ]);
});

Deno.test("becomeBettor() surfaces too_young with the server's words", async () => {
  const { fetch } = fakeFetch(() =>
    problemResponse(403, { detail: "You must be 18 or older to bet", code: "too_young" })
  );
  const error = await createBettingApi(fetch).becomeBettor("2015-01-01", true).catch((e) => e);
  assert.ok(error instanceof ApiError);
  assert.equal(error.code, "too_young");
  assert.equal(error.message, "You must be 18 or older to bet");
});
