import assert from "node:assert/strict";
import {
  type AccountRow,
  type BetRow,
  checkInvariants,
  type Snapshot,
  type Totals,
} from "./invariants.ts";
import { createMoneyModel } from "./model.ts";

const T = (dp: number, cp: number, dpe = 0, cpe = 0): Totals => ({
  debitsPosted: dp,
  creditsPosted: cp,
  debitsPending: dpe,
  creditsPending: cpe,
});
const account = (id: string, kind: string, owner: string, t: Totals): AccountRow => ({
  id,
  kind,
  owner,
  currency: "USD",
  stored: kind === "user" ? t : T(0, 0),
  recomputed: t,
});
const bet = (over: Partial<BetRow> & Pick<BetRow, "id" | "userId" | "marketId">): BetRow => ({
  outcome: "yes",
  stake: 100,
  state: "open",
  payout: null,
  voidReason: null,
  placedAtUs: 1_000_000_000n,
  hold: "pending",
  paid: 0,
  refunded: 0,
  clawedBack: 0,
  shortfall: 0,
  maxPayoutsPerDetermination: 0,
  ...over,
});

/**
 * A consistent world: alice and bob deposit 1000 each; market m1 (determined "yes", 10 % takeout):
 * alice 300 on yes, bob 100 on no → pool 400, net 360, alice paid 360, takeout 40; market m2 open:
 * bob 200 on yes still held; bob's 50 bet on m2 placed after its cutoff was voided.
 */
function world() {
  const model = createMoneyModel();
  model.deposit("alice", "d1", 1000);
  model.deposit("bob", "d2", 1000);
  const bets: BetRow[] = [
    bet({
      id: "a1",
      userId: "alice",
      marketId: "m1",
      stake: 300,
      state: "won",
      payout: 360,
      hold: "posted",
      paid: 360,
    }),
    bet({
      id: "b1",
      userId: "bob",
      marketId: "m1",
      outcome: "no",
      stake: 100,
      state: "lost",
      payout: 0,
      hold: "posted",
    }),
    bet({ id: "b2", userId: "bob", marketId: "m2", stake: 200, placedAtUs: 1_999_999n }),
    bet({
      id: "b3",
      userId: "bob",
      marketId: "m2",
      stake: 50,
      state: "void",
      voidReason: "past-posted",
      hold: "voided",
      placedAtUs: 2_000_000n,
    }),
  ];
  for (const b of bets) model.betAccepted(b);
  const snapshot: Snapshot = {
    ledger: { ok: true, violations: [] },
    accounts: [
      account("1", "clearing", "sandbox", T(2000, 0)),
      account("2", "user", "alice", T(300, 1360)),
      account("3", "user", "bob", T(100, 1000, 200)),
      account("4", "escrow", "m1", T(400, 400)),
      account("5", "takeout", "", T(0, 40)),
      account("6", "escrow", "m2", T(0, 0, 0, 200)),
    ],
    markets: [
      {
        id: "m1",
        state: "determined",
        result: "yes",
        determinations: 1,
        takeoutBps: 1000,
        escrowPosted: 0,
        escrowPending: 0,
      },
      {
        id: "m2",
        state: "suspended",
        result: null,
        determinations: 0,
        takeoutBps: 1000,
        escrowPosted: 0,
        escrowPending: 200,
      },
    ],
    bets,
    wallets: new Map([["alice", { available: 1060, pending: 0 }], ["bob", {
      available: 700,
      pending: 200,
    }]]),
  };
  // Fix the clearing account so every currency sums to 0: −2000 + 1060 + 900 + 0 + 40 = 0.
  return { snapshot, model, cutoffs: new Map([["m2", 2000]]) };
}

const violationsAfter = (change: (s: Snapshot) => void) => {
  const w = world();
  change(w.snapshot);
  return checkInvariants(w.snapshot, w.model, w.cutoffs);
};

Deno.test("checkInvariants() passes a consistent world", () => {
  const w = world();
  assert.deepEqual(checkInvariants(w.snapshot, w.model, w.cutoffs), []);
});

Deno.test("checkInvariants() flags the server's own failed ledger check", () => {
  const v = violationsAfter((s) => (s.ledger = { ok: false, violations: [{ kind: "sum" }] }));
  assert.match(v.join(), /ledger check failed/);
});

Deno.test("checkInvariants() flags kept totals that differ from the transfers, and money made from nothing", () => {
  assert.match(
    violationsAfter((s) => (s.accounts[1].stored = T(300, 1400))).join(),
    /alice: kept totals/,
  );
  assert.match(
    violationsAfter((s) => (s.accounts[4].recomputed = T(0, 41))).join(),
    /USD sums to 1/,
  );
  const negative = violationsAfter((
    s,
  ) => (s.accounts[2].stored = s.accounts[2].recomputed = T(900, 1000, 200)));
  assert.match(negative.join(), /bob: available -100 < 0/);
});

Deno.test("checkInvariants() flags an escrow left with money and a bet whose hold disagrees with its state", () => {
  assert.match(violationsAfter((s) => (s.markets[0].escrowPosted = 5)).join(), /escrow not empty/);
  assert.match(
    violationsAfter((s) => (s.markets[1].escrowPending = 0)).join(),
    /≠ open stakes posted 0, held 200/,
  );
  // An open bet's stake may be posted (its market suspended), then the escrow must hold it posted.
  assert.match(
    violationsAfter((s) => (s.bets[2].hold = "posted")).join(),
    /m2 .*escrow posted 0, pending 200 ≠ open stakes posted 200, held 0/,
  );
  assert.deepEqual(
    violationsAfter((s) => {
      s.bets[2].hold = "posted";
      s.markets[1].escrowPosted = 200;
      s.markets[1].escrowPending = 0;
    }),
    [],
  );
  assert.match(violationsAfter((s) => (s.bets[2].hold = "voided")).join(), /b2 .*hold is voided/);
  assert.match(violationsAfter((s) => (s.bets[3].hold = "pending")).join(), /b3 .*hold is pending/);
});

Deno.test("checkInvariants() flags a bet paid twice in one determination or paid what its payout does not say", () => {
  assert.match(
    violationsAfter((s) => (s.bets[0].maxPayoutsPerDetermination = 2)).join(),
    /paid 2 times/,
  );
  assert.match(violationsAfter((s) => (s.bets[0].paid = 720)).join(), /a1 .*paid 720/);
});

Deno.test("checkInvariants() recomputes every determined market's payouts", () => {
  const v = violationsAfter((s) => {
    s.bets[0].payout = 361;
    s.bets[0].paid = 361;
  });
  assert.match(v.join(), /expected won paid 360/);
  const refund = violationsAfter((s) => (s.bets[1].outcome = "yes"));
  assert.match(refund.join(), /must refund/);
});

Deno.test("checkInvariants() flags a bet at or after its cutoff that stands, and one before it voided as past-posted", () => {
  const late = violationsAfter((s) => {
    s.bets[3].state = "open";
    s.bets[3].hold = "pending";
    s.bets[3].voidReason = null;
  });
  assert.match(late.join(), /b3 placed at 2000000 µs, at\/after .*cutoff 2000 ms, is open/);
  const early = violationsAfter((s) => {
    s.bets[2].state = "void";
    s.bets[2].voidReason = "past-posted";
    s.bets[2].hold = "voided";
  });
  assert.match(early.join(), /b2 .*before the cutoff 2000 ms, was voided as past-posted/);
});

Deno.test("checkInvariants() compares every wallet with the model and every bet with what the API accepted", () => {
  const v = violationsAfter((s) => s.wallets.set("bob", { available: 750, pending: 200 }));
  assert.match(v.join(), /wallet of bob: API shows available 750.*expects 700/);
  const ghost = violationsAfter((s) =>
    s.bets.push(bet({ id: "ghost", userId: "bob", marketId: "m2", state: "void", hold: "voided" }))
  );
  assert.match(ghost.join(), /ghost of bob exists but the API never accepted it/);
  const lost = violationsAfter((s) => s.bets.splice(2, 1));
  assert.match(lost.join(), /no bet "b2" that the API accepted/);
});
