import assert from "node:assert/strict";
import { ApiError } from "../api.ts";
import { BetSlip, estimateReturn } from "./bet_slip.ts";
import type { Bet, Market, PlaceBetBody } from "./betting_api.ts";
import { makeBet, makeMarket } from "./fixtures.ts";
import { MarketList } from "./market_list.ts";

/** A slip over one market, with a scripted API that records what it was sent. */
function setup(market: Market = makeMarket()) {
  const markets = new MarketList("1");
  markets.load([market]);
  const sent: PlaceBetBody[] = [];
  const answers: ((body: PlaceBetBody) => Bet)[] = [];
  let onServer: Market[] = [market];
  const placed: Bet[] = [];
  let keys = 0;
  const slip = new BetSlip({
    markets,
    api: {
      placeBet: (body) => {
        sent.push(body);
        const answer = answers.shift();
        if (!answer) throw new Error("no answer scripted");
        return Promise.resolve().then(() => answer(body));
      },
      laneMarkets: () => Promise.resolve(onServer),
    },
    onPlaced: (bet) => placed.push(bet),
    newKey: () => `key-${++keys}`,
  });
  return {
    slip,
    markets,
    sent,
    placed,
    answer: (fn: (body: PlaceBetBody) => Bet) => answers.push(fn),
    serverHas: (...m: Market[]) => onServer = m,
  };
}

const problem = (status: number, code: string, extra: Record<string, unknown> = {}) => () => {
  throw new ApiError({ status, code, detail: code, extra });
};

Deno.test("BetSlip: pick, one tap on a stake, confirm places the bet at the version seen", async () => {
  const market = makeMarket({ version: 4 });
  const { slip, sent, placed, answer } = setup(market);
  slip.pick(market.id, "yes");
  assert.equal(slip.step.value, "stake");
  slip.chooseStake(500);
  assert.equal(slip.step.value, "confirm");
  answer((body) => makeBet(market, { outcome: body.outcome, stake: body.stake }));
  await slip.confirm();
  assert.equal(slip.step.value, "placed");
  assert.deepEqual(sent, [{
    marketId: market.id,
    outcome: "yes",
    stake: 500,
    marketVersion: 4,
    idempotencyKey: "key-1",
  }]);
  assert.equal(placed.length, 1);
  assert.equal(slip.placed.value?.stake, 500);
});

Deno.test("BetSlip: a stale version reloads the market and asks again with the new version", async () => {
  const market = makeMarket({ version: 1 });
  const { slip, sent, answer, serverHas } = setup(market);
  slip.pick(market.id, "no");
  slip.chooseStake(200);
  serverHas({ ...market, version: 2, line: undefined });
  answer(problem(409, "market-version-stale", { version: 2 }));
  await slip.confirm();
  assert.equal(slip.step.value, "stale");
  assert.match(slip.message.value ?? "", /market changed/);
  assert.equal(slip.selection.value?.version, 2);

  answer((body) => makeBet(market, { outcome: body.outcome, stake: body.stake }));
  await slip.confirm();
  assert.equal(slip.step.value, "placed");
  assert.equal(sent[1].marketVersion, 2);
  assert.notEqual(sent[1].idempotencyKey, sent[0].idempotencyKey, "a new body gets a new key");
});

Deno.test("BetSlip: a stale version on a market that closed meanwhile says it closed", async () => {
  const market = makeMarket();
  const { slip, answer, serverHas } = setup(market);
  slip.pick(market.id, "yes");
  slip.chooseStake(100);
  serverHas({ ...market, version: 2, state: "suspended" });
  answer(problem(409, "market-version-stale", { version: 2 }));
  await slip.confirm();
  assert.equal(slip.step.value, "suspended");
});

Deno.test("BetSlip: a suspended market closes the slip and says why", async () => {
  const market = makeMarket();
  const { slip, answer } = setup(market);
  slip.pick(market.id, "yes");
  slip.chooseStake(1000);
  answer(problem(409, "market-suspended", { state: "suspended", version: 2 }));
  await slip.confirm();
  assert.equal(slip.step.value, "suspended");
  assert.match(slip.message.value ?? "", /approach/);
});

Deno.test("BetSlip: a market suspended by a live event is not even sent", async () => {
  const market = makeMarket();
  const { slip, markets, sent } = setup(market);
  slip.pick(market.id, "yes");
  slip.chooseStake(100);
  markets.receive({ ...market, state: "suspended", version: 2 });
  await slip.confirm();
  assert.equal(slip.step.value, "suspended");
  assert.equal(sent.length, 0);
});

Deno.test("BetSlip: insufficient funds asks for a smaller stake or more demo money", async () => {
  const market = makeMarket();
  const { slip, answer } = setup(market);
  slip.pick(market.id, "yes");
  slip.chooseStake(1000);
  answer(problem(422, "insufficient-funds"));
  await slip.confirm();
  assert.equal(slip.step.value, "insufficient");
  slip.chooseStake(100);
  assert.equal(slip.step.value, "confirm", "a smaller stake can be tried at once");
});

Deno.test("BetSlip: a retry after a dropped connection reuses the idempotency key", async () => {
  const market = makeMarket();
  const { slip, sent, answer } = setup(market);
  slip.pick(market.id, "yes");
  slip.chooseStake(500);
  answer(() => {
    throw new TypeError("Failed to fetch");
  });
  await slip.confirm();
  assert.equal(slip.step.value, "error");
  assert.equal(slip.message.value, "Cannot reach the server");
  answer((body) => makeBet(market, { stake: body.stake }));
  await slip.confirm();
  assert.equal(slip.step.value, "placed");
  assert.equal(sent[0].idempotencyKey, sent[1].idempotencyKey, "the server sees one bet");
});

Deno.test("BetSlip: a second bet after one placed gets its own key", async () => {
  const market = makeMarket();
  const { slip, sent, answer } = setup(market);
  for (let i = 0; i < 2; i++) {
    slip.pick(market.id, "yes");
    slip.chooseStake(500);
    answer((body) => makeBet(market, { stake: body.stake }));
    await slip.confirm();
  }
  assert.notEqual(sent[0].idempotencyKey, sent[1].idempotencyKey);
});

Deno.test("BetSlip: confirm does nothing without a stake or while a bet is on its way", async () => {
  const market = makeMarket();
  const { slip, sent, answer } = setup(market);
  slip.pick(market.id, "yes");
  await slip.confirm();
  assert.equal(sent.length, 0);
  slip.chooseStake(200);
  answer((body) => makeBet(market, { stake: body.stake }));
  const first = slip.confirm();
  await slip.confirm(); // a double tap
  await first;
  assert.equal(sent.length, 1);
});

Deno.test("estimateReturn() is parimutuel with this stake in the pools, rounded down", () => {
  const market = makeMarket();
  market.outcomes[0].pool = 2500; // yes
  market.outcomes[1].pool = 4000; // no
  // pool 7000 with the $5, net 6300, yes pool 3000: 500 × 6300 / 3000 = 1050
  assert.equal(estimateReturn(market, "yes", 500), 1050);
  // No money against "no" but the stake itself: one-sided, refunded, no estimate.
  const oneSided = structuredClone(market);
  oneSided.outcomes[0].pool = 0;
  assert.equal(estimateReturn(oneSided, "no", 2000), null);
  assert.equal(estimateReturn(market, "maybe", 500), null);
});
