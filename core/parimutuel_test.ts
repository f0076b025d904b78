import assert from "node:assert/strict";
import fc from "fast-check";
import {
  estimatePayout,
  indicativeOdds,
  netPool,
  payoutPerUnit,
  type PoolBet,
  type PoolSettlement,
  settlePool,
} from "./parimutuel.ts";
import { MAX_STAKE } from "./markets.ts";

const bet = (id: string, outcome: string, stake: number): PoolBet => ({ id, outcome, stake });

function paid(s: PoolSettlement) {
  assert.equal(s.kind, "paid");
  return s as Extract<PoolSettlement, { kind: "paid" }>;
}

const betsArb = (maxStake = MAX_STAKE, maxLength = 60) =>
  fc.array(
    fc.record({
      outcome: fc.constantFrom("yes", "no", "maybe"),
      stake: fc.integer({ min: 1, max: maxStake }),
    }),
    { maxLength },
  ).map((bs) => bs.map((b, i) => bet(`b${i}`, b.outcome, b.stake)));
const takeoutArb = fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(0, 1000, 10_000));
const winnerArb = fc.constantFrom("yes", "no", "maybe", "nobody");

/** Exact: stake × net / winningStake, floored, in BigInt. */
const expectedPayout = (stake: number, net: number, winning: number) =>
  Number((BigInt(stake) * BigInt(net)) / BigInt(winning));

Deno.test("settlePool() pays 90 % of the pool to the winners pro rata, rounding down to breakage", () => {
  const s = paid(settlePool({
    bets: [bet("a", "yes", 100), bet("b", "yes", 200), bet("c", "no", 701)],
    winner: "yes",
    takeoutBps: 1000,
  }));
  // pool 1001, net floor(900.9) = 900, takeout 101; a: 100×900/300 = 300, b: 600
  assert.deepEqual(s, {
    kind: "paid",
    pool: 1001,
    takeout: 101,
    breakage: 0,
    payouts: [{ id: "a", amount: 300 }, { id: "b", amount: 600 }],
  });
});

Deno.test("settlePool() sends what rounding leaves to breakage", () => {
  const s = paid(settlePool({
    bets: [bet("a", "yes", 1), bet("b", "yes", 1), bet("c", "yes", 1), bet("d", "no", 7)],
    winner: "yes",
    takeoutBps: 0,
  }));
  // net 10 over 3 winning units: 3 each, 1 left over
  assert.deepEqual(s.payouts.map((p) => p.amount), [3, 3, 3]);
  assert.equal(s.breakage, 1);
  assert.equal(s.takeout, 0);
});

Deno.test("settlePool() refunds every stake when the market is void, empty, one-sided or has no winners", () => {
  const two = [bet("a", "yes", 5), bet("b", "no", 7)];
  const cases: [PoolBet[], string | null, string][] = [
    [two, null, "void"],
    [[], "yes", "empty"],
    [[], null, "void"],
    [[bet("a", "yes", 5), bet("b", "yes", 9)], "yes", "one-sided"],
    [[bet("a", "yes", 5), bet("b", "yes", 9)], "no", "one-sided"],
    [two, "maybe", "no-winners"],
  ];
  for (const [bets, winner, reason] of cases) {
    const s = settlePool({ bets, winner, takeoutBps: 1000 });
    assert.deepEqual(s, {
      kind: "refund",
      reason,
      pool: bets.reduce((a, b) => a + b.stake, 0),
      refunds: bets.map((b) => ({ id: b.id, amount: b.stake })),
    }, `${reason}`);
  }
});

Deno.test("settlePool() at takeout 10000 bps keeps the whole pool and pays winners 0", () => {
  const s = paid(settlePool({
    bets: [bet("a", "yes", 50), bet("b", "no", 50)],
    winner: "yes",
    takeoutBps: 10_000,
  }));
  assert.deepEqual(s, {
    kind: "paid",
    pool: 100,
    takeout: 100,
    breakage: 0,
    payouts: [{ id: "a", amount: 0 }],
  });
});

Deno.test("settlePool() refuses a fractional, zero, negative or unsafe stake and a takeout outside 0…10000", () => {
  for (const stake of [0, -1, 1.5, Number.NaN, 2 ** 53]) {
    assert.throws(
      () => settlePool({ bets: [bet("a", "yes", stake)], winner: "yes", takeoutBps: 0 }),
      RangeError,
    );
  }
  for (const takeoutBps of [-1, 10_001, 0.5]) {
    assert.throws(() => settlePool({ bets: [], winner: "yes", takeoutBps }), RangeError);
  }
});

Deno.test("settlePool() is exact for 10,000 bets of the largest stake (stake × net passes 2^53)", () => {
  const bets = Array.from(
    { length: 10_000 },
    (_, i) => bet(`b${i}`, i % 3 ? "no" : "yes", MAX_STAKE - (i % 7)),
  );
  const s = paid(settlePool({ bets, winner: "yes", takeoutBps: 0 }));
  const pool = bets.reduce((a, b) => a + b.stake, 0);
  const winning = bets.filter((b) => b.outcome === "yes").reduce((a, b) => a + b.stake, 0);
  const net = netPool(pool, 0);
  assert.ok(MAX_STAKE * net > Number.MAX_SAFE_INTEGER, "the product overflows doubles");
  assert.equal(s.pool, pool);
  for (const p of s.payouts) {
    const stake = bets[Number(p.id.slice(1))].stake;
    assert.equal(p.amount, expectedPayout(stake, net, winning));
  }
  assert.equal(s.payouts.reduce((a, p) => a + p.amount, 0) + s.takeout + s.breakage, pool);
});

Deno.test("settlePool() gives a lone winner of a 9.9-billion pool the whole net pool, to the cent", () => {
  // 954,431 × 9,928,659,667 passes 2^53: in doubles the quotient comes out a cent short.
  const losers = Array.from({ length: 9_927 }, (_, i) => bet(`l${i}`, "no", MAX_STAKE));
  const bets = [bet("w", "yes", 954_431), ...losers, bet("last", "no", 705_236)];
  const s = paid(settlePool({ bets, winner: "yes", takeoutBps: 0 }));
  assert.equal(s.pool, 9_928_659_667);
  assert.deepEqual(s.payouts, [{ id: "w", amount: 9_928_659_667 }]);
  assert.equal(s.breakage, 0);
});

Deno.test("settlePool() conserves money: Σ payouts + takeout + breakage = pool, each payout exact", () => {
  fc.assert(
    fc.property(betsArb(), winnerArb, takeoutArb, (bets, winner, takeoutBps) => {
      const s = settlePool({ bets, winner, takeoutBps });
      const pool = bets.reduce((a, b) => a + b.stake, 0);
      assert.equal(s.pool, pool);
      if (s.kind === "refund") {
        assert.deepEqual(s.refunds, bets.map((b) => ({ id: b.id, amount: b.stake })));
        return;
      }
      const winners = bets.filter((b) => b.outcome === winner);
      const winning = winners.reduce((a, b) => a + b.stake, 0);
      const net = netPool(pool, takeoutBps);
      assert.equal(s.takeout, pool - net);
      assert.deepEqual(s.payouts.map((p) => p.id), winners.map((b) => b.id));
      s.payouts.forEach((p, i) => {
        assert.ok(p.amount >= 0);
        assert.equal(p.amount, expectedPayout(winners[i].stake, net, winning));
      });
      assert.equal(s.payouts.reduce((a, p) => a + p.amount, 0) + s.takeout + s.breakage, pool);
      assert.ok(
        s.breakage >= 0 && s.breakage < winners.length,
        "breakage < number of winning bets",
      );
    }),
    { numRuns: 300 },
  );
});

Deno.test("settlePool() never pays a winning stake less than a smaller winning stake gets", () => {
  fc.assert(
    fc.property(betsArb(), fc.constantFrom("yes", "no"), takeoutArb, (bets, winner, takeoutBps) => {
      const s = settlePool({ bets, winner, takeoutBps });
      if (s.kind !== "paid") return;
      const stakeOf = new Map(bets.map((b) => [b.id, b.stake]));
      const byStake = [...s.payouts].sort((a, b) =>
        (stakeOf.get(a.id) as number) - (stakeOf.get(b.id) as number)
      );
      for (let i = 1; i < byStake.length; i++) {
        assert.ok(byStake[i].amount >= byStake[i - 1].amount);
      }
    }),
    { numRuns: 200 },
  );
});

Deno.test("settlePool() refunds exactly whenever nobody backed the winner or one side only was backed", () => {
  fc.assert(
    fc.property(betsArb(1000, 20), takeoutArb, (bets, takeoutBps) => {
      const oneSided = bets.map((b) => ({ ...b, outcome: "yes" }));
      for (const [bs, winner] of [[oneSided, "no"], [oneSided, "yes"], [bets, "nobody"]] as const) {
        const s = settlePool({ bets: bs, winner, takeoutBps });
        assert.equal(s.kind, "refund");
        if (s.kind === "refund") {
          assert.deepEqual(
            s.refunds.map((r) => r.amount),
            bs.map((b) => b.stake),
          );
        }
      }
    }),
    { numRuns: 100 },
  );
});

Deno.test("settlePool() stays exact for thousands of huge stakes", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: MAX_STAKE - 1000, max: MAX_STAKE }), {
        minLength: 2000,
        maxLength: 10_000,
      }),
      fc.integer({ min: 0, max: 10_000 }),
      (stakes, takeoutBps) => {
        const bets = stakes.map((stake, i) => bet(`b${i}`, i % 2 ? "no" : "yes", stake));
        const s = paid(settlePool({ bets, winner: "no", takeoutBps }));
        const pool = stakes.reduce((a, b) => a + b, 0);
        const winning = bets.filter((b) => b.outcome === "no").reduce((a, b) => a + b.stake, 0);
        const net = netPool(pool, takeoutBps);
        assert.equal(s.payouts.reduce((a, p) => a + p.amount, 0) + s.takeout + s.breakage, pool);
        assert.equal(s.payouts[0].amount, expectedPayout(bets[1].stake, net, winning));
      },
    ),
    { numRuns: 5 },
  );
});

Deno.test("indicativeOdds() gives net pool ÷ each outcome's pool, null for an empty outcome", () => {
  assert.deepEqual(indicativeOdds({ yes: 300, no: 700 }, 1000), { yes: 3, no: 900 / 700 });
  assert.deepEqual(indicativeOdds({ yes: 0, no: 500 }, 1000), { yes: null, no: 0.9 });
  assert.deepEqual(indicativeOdds({ yes: 0, no: 0 }, 1000), { yes: null, no: null });
  assert.deepEqual(indicativeOdds({ over: 100, under: 100 }, 0), { over: 2, under: 2 });
  assert.throws(() => indicativeOdds({ yes: -1 }, 1000), RangeError);
});

Deno.test("indicativeOdds() matches what settlePool() pays per unit, before rounding", () => {
  fc.assert(
    fc.property(betsArb(10_000, 30), takeoutArb, (bets, takeoutBps) => {
      const pools: Record<string, number> = { yes: 0, no: 0, maybe: 0 };
      for (const b of bets) pools[b.outcome] += b.stake;
      const odds = indicativeOdds(pools, takeoutBps);
      for (const [key, o] of Object.entries(odds)) {
        const s = settlePool({ bets, winner: key, takeoutBps });
        if (o === null) {
          assert.equal(pools[key], 0);
          continue;
        }
        if (s.kind !== "paid") continue;
        for (const p of s.payouts) {
          const stake = bets.find((b) => b.id === p.id)!.stake;
          // The payout is stake × odds rounded down (floats: within a hair).
          assert.ok(p.amount <= stake * o + 1e-6 && p.amount > stake * o - 1 - 1e-6);
        }
      }
    }),
    { numRuns: 100 },
  );
});

Deno.test("payoutPerUnit() is the decimal return of one unit", () => {
  assert.equal(payoutPerUnit(1000, 250, 1000), 3.6);
  assert.equal(payoutPerUnit(1000, 0, 1000), null);
  assert.equal(payoutPerUnit(1000, 1000, 10_000), 0);
});

Deno.test("estimatePayout() is what the bet would be paid if it joined the pools and won", () => {
  // pools 300/700 + 100 on yes: pool 1100, net 990, yes 400 → 100 × 990 / 400 = 247.5 → 247
  assert.equal(estimatePayout({ yes: 300, no: 700 }, "yes", 100, 1000), 247);
  assert.equal(estimatePayout({ yes: 0, no: 0 }, "yes", 100, 1000), 90);
  assert.equal(estimatePayout({}, "yes", 0, 1000), 0);
  fc.assert(
    fc.property(
      betsArb(10_000, 20),
      fc.integer({ min: 1, max: 10_000 }),
      takeoutArb,
      (bets, stake, takeoutBps) => {
        const pools: Record<string, number> = { yes: 0, no: 0 };
        for (const b of bets) if (b.outcome in pools) pools[b.outcome] += b.stake;
        const mine = bet("mine", "yes", stake);
        const s = settlePool({
          bets: [...bets.filter((b) => b.outcome in pools), mine],
          winner: "yes",
          takeoutBps,
        });
        const paidNow = s.kind === "paid" ? s.payouts.find((p) => p.id === "mine")!.amount : null;
        if (paidNow !== null) {
          assert.equal(
            estimatePayout(pools, "yes", stake, takeoutBps),
            paidNow,
          );
        }
      },
    ),
    { numRuns: 100 },
  );
});
