import assert from "node:assert/strict";
import { describeBetState, isBet, LaneBets } from "./bet_list.ts";
import { makeBet, makeMarket } from "./fixtures.ts";

Deno.test("LaneBets turns an open bet into won with its payout as the bet event arrives", () => {
  const bets = new LaneBets("1");
  const bet = makeBet(makeMarket(), { stake: 500 });
  bets.load([bet]);
  assert.equal(bets.recent.value[0].state, "open");
  bets.receive({ ...bet, state: "won", payout: 1170 });
  assert.equal(bets.recent.value.length, 1);
  assert.deepEqual(describeBetState(bets.recent.value[0]), {
    label: "Won",
    detail: "Paid $11.70",
  });
});

Deno.test("LaneBets never reopens a settled bet (the POST's answer arriving after the event)", () => {
  const bets = new LaneBets("1");
  const bet = makeBet(makeMarket());
  bets.receive({ ...bet, state: "lost", payout: 0 });
  assert.equal(bets.receive(bet), false);
  bets.load([bet]);
  assert.equal(bets.recent.value[0].state, "lost");
});

Deno.test("LaneBets.load() keeps a bet placed while the list was being read", () => {
  const bets = new LaneBets("1");
  const placed = makeBet(makeMarket(), { placedAt: "2026-12-07T01:02:00.000Z" });
  const older = makeBet(makeMarket(), { placedAt: "2026-12-07T01:01:00.000Z" });
  bets.receive(placed);
  bets.load([older]);
  assert.deepEqual(bets.recent.value.map((b) => b.id), [placed.id, older.id]);
});

Deno.test("LaneBets keeps only this lane's bets, newest first, at most `keep`", () => {
  const bets = new LaneBets("1", 2);
  const a = makeBet(makeMarket(), { placedAt: "2026-12-07T01:00:01.000Z" });
  const b = makeBet(makeMarket(), { placedAt: "2026-12-07T01:00:02.000Z" });
  const c = makeBet(makeMarket(), { placedAt: "2026-12-07T01:00:03.000Z" });
  const elsewhere = makeBet(makeMarket({ laneId: "2" }));
  bets.load([a, b, c, elsewhere]);
  assert.deepEqual(bets.recent.value.map((x) => x.id), [c.id, b.id]);
  assert.equal(bets.receive(elsewhere), false);
});

Deno.test("describeBetState() words each state with money", () => {
  const bet = makeBet(makeMarket(), { stake: 200 });
  assert.deepEqual(describeBetState(bet), { label: "Open", detail: "" });
  assert.deepEqual(describeBetState({ ...bet, state: "lost", payout: 0 }), {
    label: "Lost",
    detail: "−$2.00",
  });
  assert.deepEqual(describeBetState({ ...bet, state: "void" }), {
    label: "Void",
    detail: "$2.00 returned",
  });
});

Deno.test("isBet() accepts a bet and refuses other data", () => {
  assert.equal(isBet(makeBet(makeMarket())), true);
  assert.equal(isBet({ id: "b", stake: 1 }), false);
});
