import assert from "node:assert/strict";
import { type BetState, createMoneyModel, reckon } from "./model.ts";

Deno.test("reckon() pays winners pro rata, rounds down and sends the rest to breakage", () => {
  const r = reckon(
    [
      { id: "a", outcome: "yes", stake: 100 },
      { id: "b", outcome: "yes", stake: 200 },
      { id: "c", outcome: "no", stake: 701 },
    ],
    "yes",
    1000,
  );
  assert.equal(r.kind, "paid");
  if (r.kind !== "paid") return;
  // pool 1001, net floor(900.9) = 900, takeout 101; a: floor(100·900/300) = 300, b: 600.
  assert.equal(r.takeout, 101);
  assert.deepEqual([...r.payouts], [["a", 300], ["b", 600], ["c", 0]]);
  assert.equal(r.breakage, 0);
  const odd = reckon(
    [
      { id: "a", outcome: "yes", stake: 1 },
      { id: "b", outcome: "yes", stake: 2 },
      { id: "c", outcome: "no", stake: 4 },
    ],
    "yes",
    1000,
  );
  // pool 7, net 6, a floor(6/3) = 2, b floor(12/3) = 4: nothing left.
  assert.ok(odd.kind === "paid" && odd.payouts.get("a") === 2 && odd.breakage === 0);
  const rounding = reckon(
    [
      { id: "a", outcome: "yes", stake: 3 },
      { id: "b", outcome: "yes", stake: 3 },
      { id: "c", outcome: "yes", stake: 3 },
      { id: "d", outcome: "no", stake: 2 },
    ],
    "yes",
    1000,
  );
  // pool 11, net 9, each floor(3·9/9) = 3: breakage 0; takeout 2.
  assert.ok(rounding.kind === "paid" && rounding.takeout === 2 && rounding.breakage === 0);
});

Deno.test("reckon() refunds with no winner, no winning stake, one side only, or nothing staked", () => {
  const two = [{ id: "a", outcome: "yes", stake: 5 }, { id: "b", outcome: "no", stake: 5 }];
  assert.equal(reckon(two, null, 1000).kind, "refund");
  assert.equal(reckon([{ id: "a", outcome: "yes", stake: 5 }], "yes", 1000).kind, "refund");
  assert.equal(
    reckon(
      [{ id: "a", outcome: "no", stake: 5 }, { id: "b", outcome: "no", stake: 1 }],
      "yes",
      1000,
    ).kind,
    "refund",
  );
  assert.equal(reckon([], "yes", 1000).kind, "refund");
});

Deno.test("the money model counts a deposit key once and follows each bet's state", () => {
  const m = createMoneyModel();
  assert.equal(m.deposit("u", "k1", 1000), true);
  assert.equal(m.deposit("u", "k1", 1000), false);
  m.deposit("u", "k2", 500);
  m.betAccepted({ id: "b1", userId: "u", marketId: "m", outcome: "yes", stake: 300 });
  assert.equal(
    m.betAccepted({ id: "b1", userId: "u", marketId: "m", outcome: "yes", stake: 300 }),
    false,
  );
  m.betAccepted({ id: "b2", userId: "u", marketId: "m", outcome: "no", stake: 200 });
  m.betAccepted({ id: "b3", userId: "u", marketId: "m", outcome: "no", stake: 100 });
  const states = new Map<string, BetState>([
    ["b1", { state: "open", payout: null }],
    ["b2", { state: "won", payout: 450 }],
    ["b3", { state: "void", payout: null }],
  ]);
  assert.deepEqual(m.expectedWallet("u", states), {
    available: 1500 - 300 - 200 + 450,
    pending: 300,
  });
  states.set("b1", { state: "lost", payout: 0 });
  // A re-determination took b2's payout back but the house paid 50 of it: the bettor keeps that.
  states.set("b2", { state: "lost", payout: 0 });
  assert.deepEqual(m.expectedWallet("u", states, new Map([["b2", 50]])), {
    available: 1000 + 50,
    pending: 0,
  });
  assert.throws(() => m.expectedWallet("u", new Map()), /no bet "b1"/);
});
