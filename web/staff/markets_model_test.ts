import assert from "node:assert/strict";
import { ApiError } from "../api.ts";
import { market } from "./market_fixture.ts";
import {
  marketActions,
  MarketsModel,
  type MarketsModelOptions,
  upsertMarket,
  VOID_RESULT,
} from "./markets_model.ts";
import type { Market } from "./staff_api.ts";

type Calls = { name: string; args: unknown[] }[];

function fakeApi(list: Market[], calls: Calls = []): MarketsModelOptions["api"] {
  const answer = (name: string, change: Partial<Market>) => (id: string, ...args: unknown[]) => {
    calls.push({ name, args: [id, ...args] });
    const m = list.find((x) => x.id === id)!;
    return Promise.resolve({ ...m, ...change, version: m.version + 1 });
  };
  return {
    listMarkets: (filter) => {
      calls.push({ name: "list", args: [filter] });
      return Promise.resolve({ markets: list });
    },
    suspendMarket: answer("suspend", { state: "suspended" }),
    voidMarket: answer("void", { state: "void" }),
    disputeMarket: answer("dispute", { state: "disputed" }),
    resolveMarket: answer("resolve", { state: "determined" }),
    liveUrl: (laneId) => `/api/lanes/${laneId}/live`,
  };
}

Deno.test("marketActions() offers what each state allows", () => {
  assert.deepEqual(marketActions("open"), ["suspend", "void"]);
  assert.deepEqual(marketActions("suspended"), ["void"]);
  assert.deepEqual(marketActions("determined"), ["dispute"]);
  assert.deepEqual(marketActions("disputed"), ["resolve"]);
  assert.deepEqual(marketActions("finalized"), []);
  assert.deepEqual(marketActions("void"), []);
});

Deno.test("upsertMarket() adds new markets and never goes back to an older version", () => {
  const v2 = market({ version: 2, state: "suspended" });
  assert.deepEqual(upsertMarket([], v2), [v2]);
  assert.deepEqual(upsertMarket([v2], market({ version: 1 })), [v2], "an older event is ignored");
  const pools = { ...v2, totalPool: 9000 };
  assert.deepEqual(upsertMarket([v2], pools), [pools], "pools move within a version");
});

Deno.test("a reload keeps a later version an event brought while it was under way", async () => {
  let answer = (_: { markets: Market[] }) => {};
  const api = fakeApi([]);
  api.listMarkets = () => new Promise((resolve) => answer = resolve);
  const model = new MarketsModel({ api, laneId: "1" });
  const reloading = model.reload();
  model.applyEvent(market({ version: 2, state: "suspended" }));
  answer({ markets: [market(), market({ id: "m2" })] });
  await reloading;
  assert.deepEqual(model.markets.value!.map((m) => [m.id, m.state]), [
    [market().id, "suspended"],
    ["m2", "open"],
  ]);
});

Deno.test("an answer for the filter before the last one is dropped", async () => {
  const answers: ((list: { markets: Market[] }) => void)[] = [];
  const api = fakeApi([]);
  api.listMarkets = () => new Promise((resolve) => answers.push(resolve));
  const model = new MarketsModel({ api });
  const polling = model.reload();
  model.state.value = "determined";
  const filtered = model.reload();
  const determined = market({ id: "d", state: "determined", version: 3 });
  answers[1]({ markets: [determined] });
  await filtered;
  answers[0]({ markets: [market(), determined] });
  await polling;
  assert.deepEqual(model.markets.value!.map((m) => m.id), ["d"]);
});

Deno.test("a lane's markets follow market events of that lane only", async () => {
  const model = new MarketsModel({ api: fakeApi([market()]), laneId: "1" });
  await model.reload();
  model.applyEvent(market({ version: 2, state: "suspended" }));
  model.applyEvent(market({ id: "other-lane", laneId: "2" }));
  assert.deepEqual(model.markets.value!.map((m) => [m.id, m.state]), [[market().id, "suspended"]]);
});

Deno.test("with a state filter, a market leaving that state leaves the list", async () => {
  const model = new MarketsModel({ api: fakeApi([market()]) });
  model.state.value = "open";
  await model.reload();
  model.applyEvent(market({ version: 2, state: "suspended" }));
  assert.deepEqual(model.markets.value, []);
});

Deno.test("suspending replaces the market with the server's answer", async () => {
  const calls: Calls = [];
  const model = new MarketsModel({ api: fakeApi([market()], calls), laneId: "1" });
  await model.reload();
  assert.equal(await model.suspend(market().id), true);
  assert.equal(model.markets.value![0].state, "suspended");
  assert.equal(model.markets.value![0].version, 2);
  assert.equal(model.busy.value, null);
  assert.deepEqual(calls.map((c) => c.name), ["list", "suspend"]);
});

Deno.test("voiding needs a reason of 3+ characters and sends it", async () => {
  const calls: Calls = [];
  const model = new MarketsModel({ api: fakeApi([market()], calls), laneId: "1" });
  await model.reload();
  model.ask(market().id, "void");
  model.reason.value = " x ";
  assert.equal(model.canSubmit.value, false);
  assert.equal(await model.submit(), false);
  model.reason.value = "  Camera froze  ";
  assert.equal(model.canSubmit.value, true);
  assert.equal(await model.submit(), true);
  assert.deepEqual(calls.at(-1), { name: "void", args: [market().id, "Camera froze"] });
  assert.equal(model.dialog.value, null, "the form closes");
  assert.equal(model.markets.value![0].state, "void");
});

Deno.test("resolving asks for a result: an outcome key or void", async () => {
  const calls: Calls = [];
  const disputed = market({ state: "disputed", version: 4, result: "yes" });
  const model = new MarketsModel({ api: fakeApi([disputed], calls) });
  await model.reload();
  model.ask(disputed.id, "resolve");
  model.reason.value = "The 7 wobbled but stood";
  assert.equal(model.canSubmit.value, false, "no result picked yet");
  model.result.value = "no";
  await model.submit();
  assert.deepEqual(calls.at(-1)!.args, [disputed.id, { result: "no" }, "The 7 wobbled but stood"]);
  model.ask(disputed.id, "resolve");
  model.reason.value = "Cannot tell from the video";
  model.result.value = VOID_RESULT;
  await model.submit();
  assert.deepEqual(calls.at(-1)!.args, [disputed.id, { void: true }, "Cannot tell from the video"]);
});

Deno.test("a refused action keeps the form open and says why", async () => {
  const api = fakeApi([market()]);
  api.voidMarket = () =>
    Promise.reject(
      new ApiError({ status: 409, code: "market_state", detail: 'Market is "finalized"' }),
    );
  const model = new MarketsModel({ api, laneId: "1" });
  await model.reload();
  model.ask(market().id, "void");
  model.reason.value = "Wrong bowler";
  assert.equal(await model.submit(), false);
  assert.equal(model.error.value, 'Market is "finalized"');
  assert.deepEqual(model.dialog.value, { marketId: market().id, action: "void" });
  assert.equal(model.markets.value![0].state, "open");
});

Deno.test("following a lane reloads on connect and applies its market events", async () => {
  const calls: Calls = [];
  const model = new MarketsModel({ api: fakeApi([market()], calls), laneId: "1" });
  const suspended = market({ version: 2, state: "suspended" });
  const body = `event: session\ndata: {}\n\nevent: market\ndata: ${JSON.stringify(suspended)}\n\n`;
  let asked = "";
  const fetch = (url: string | URL | Request) => {
    asked = String(url);
    return Promise.resolve(
      new Response(
        new ReadableStream({
          start(c) {
            c.enqueue(new TextEncoder().encode(body));
          },
        }),
        { headers: { "content-type": "text/event-stream" } },
      ),
    );
  };
  const stop = model.follow(fetch as typeof globalThis.fetch);
  try {
    for (let i = 0; i < 50 && model.markets.value?.[0]?.state !== "suspended"; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(asked, "/api/lanes/1/live");
    assert.equal(model.liveStatus.value, "open");
    assert.equal(model.markets.value![0].state, "suspended");
    assert.ok(calls.some((c) => c.name === "list"), "reloaded on connect");
  } finally {
    stop();
  }
});
