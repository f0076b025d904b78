import assert from "node:assert/strict";
import { makeMarket } from "./fixtures.ts";
import { isMarket, MarketList, orderMarkets } from "./market_list.ts";

Deno.test("MarketList.receive() adds a market that opens and moves its odds in place", () => {
  const list = new MarketList("1");
  const market = makeMarket();
  list.load([]);
  assert.equal(list.receive(market), true);
  assert.deepEqual(list.shown.value.map((m) => m.id), [market.id]);

  const moved = structuredClone(market);
  moved.outcomes[0].pool = 500;
  moved.outcomes[0].odds = 2.4;
  assert.equal(list.receive(moved), true, "same version: pools moved");
  assert.equal(list.get(market.id)?.outcomes[0].odds, 2.4);
  assert.equal(list.shown.value.length, 1);
});

Deno.test("MarketList.receive() ignores an older version and other lanes' markets", () => {
  const list = new MarketList("1");
  const market = makeMarket({ version: 3, state: "suspended" });
  list.receive(market);
  assert.equal(list.receive({ ...market, version: 2, state: "open" }), false);
  assert.equal(list.get(market.id)?.state, "suspended");
  assert.equal(list.receive(makeMarket({ laneId: "2" })), false);
  assert.equal(list.shown.value.length, 1);
});

Deno.test("MarketList follows a market from open to suspended to determined", () => {
  const list = new MarketList("1");
  const market = makeMarket();
  list.load([market]);
  list.receive({ ...market, state: "suspended", version: 2 });
  assert.equal(list.get(market.id)?.state, "suspended");
  list.receive({ ...market, state: "determined", version: 3, result: "yes" });
  assert.equal(list.get(market.id)?.result, "yes");
});

Deno.test("orderMarkets() lists active markets first, newest ball first, then a few settled", () => {
  const old = makeMarket({ openedAt: "2026-12-07T01:00:00.000Z", ball: { frame: 2 } });
  const strike = makeMarket({ openedAt: "2026-12-07T01:01:00.000Z", ball: { frame: 3 } });
  const pins = makeMarket({
    kind: "pins-over-under",
    line: 7.5,
    openedAt: "2026-12-07T01:01:00.000Z",
    ball: { frame: 3 },
  });
  const settled = Array.from({ length: 6 }, (_, i) =>
    makeMarket({
      state: "determined",
      result: "yes",
      openedAt: `2026-12-07T00:5${i}:00.000Z`,
    }));
  const order = orderMarkets([...settled, pins, old, strike], 4);
  assert.deepEqual(order.slice(0, 3).map((m) => m.id), [strike.id, pins.id, old.id]);
  assert.deepEqual(
    order.slice(3).map((m) => m.id),
    [settled[5].id, settled[4].id, settled[3].id, settled[2].id],
  );
});

Deno.test("isMarket() accepts a market and refuses other data", () => {
  assert.equal(isMarket(makeMarket()), true);
  assert.equal(isMarket({ id: "x" }), false);
  assert.equal(isMarket(null), false);
});
