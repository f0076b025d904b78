import assert from "node:assert/strict";
import { ApiError, createApi, describeError } from "./api.ts";

function fakeFetch(respond: (url: string, init?: RequestInit) => Response) {
  const calls: { url: string; method: string }[] = [];
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), method: init?.method ?? "GET" });
    return Promise.resolve(respond(String(input), init));
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

Deno.test("listLanes() GETs /api/lanes and returns the lanes", async () => {
  const lanes = [{ id: "1", name: "Lane 1", live: true }];
  const { calls, fetch } = fakeFetch(() => Response.json(lanes));
  const api = createApi({ baseUrl: "http://lanecast.test", fetch });
  assert.deepEqual(await api.listLanes(), lanes);
  assert.deepEqual(calls, [{ url: "http://lanecast.test/api/lanes", method: "GET" }]);
});

Deno.test("watchLane() POSTs to the lane's watch URL with the id escaped", async () => {
  const grant = { token: "t", whepUrl: "http://sfu/whep/1", signalingUrl: "ws://sfu/ws/1?token=t" };
  const { calls, fetch } = fakeFetch(() => Response.json(grant));
  const api = createApi({ fetch });
  assert.deepEqual(await api.watchLane("north 1"), grant);
  assert.deepEqual(calls, [{ url: "/api/lanes/north%201/watch", method: "POST" }]);
});

Deno.test("watchLane() throws the problem document's detail as an ApiError", async () => {
  const { fetch } = fakeFetch(() =>
    new Response(
      JSON.stringify({
        type: "about:blank",
        title: "Not Found",
        status: 404,
        detail: 'Cannot find lane "7"',
      }),
      { status: 404, headers: { "content-type": "application/problem+json" } },
    )
  );
  const error = await createApi({ fetch }).watchLane("7").catch((e) => e);
  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 404);
  assert.equal(error.title, "Not Found");
  assert.equal(error.detail, 'Cannot find lane "7"');
  assert.equal(error.retryable, false);
  assert.equal(describeError(error), 'Cannot find lane "7"');
});

Deno.test("an error without a problem body falls back to the status line", async () => {
  const { fetch } = fakeFetch(() =>
    new Response("upstream down", { status: 503, statusText: "Service Unavailable" })
  );
  const error = await createApi({ fetch }).listLanes().catch((e) => e);
  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 503);
  assert.equal(error.detail, "Service Unavailable");
  assert.equal(error.retryable, true);
});

Deno.test("describeError() names a network failure plainly", () => {
  assert.equal(describeError(new TypeError("fetch failed")), "Cannot reach the server");
});

Deno.test("an ApiError keeps the problem's code and its other members", async () => {
  const { fetch } = fakeFetch(() =>
    new Response(
      JSON.stringify({
        type: "urn:lanecast:problem:market-suspended",
        title: "Conflict",
        status: 409,
        detail: "The market is not taking bets",
        code: "market-suspended",
        state: "suspended",
        version: 4,
      }),
      { status: 409, headers: { "content-type": "application/problem+json" } },
    )
  );
  const error = await createApi({ fetch }).listLanes().catch((e) => e);
  assert.ok(error instanceof ApiError);
  assert.equal(error.code, "market-suspended");
  assert.deepEqual(error.extra, { state: "suspended", version: 4 });
});
