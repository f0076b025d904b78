import assert from "node:assert/strict";
import { DomainError } from "./errors.ts";
import {
  changeLimit,
  checkDeposit,
  exclusionEnd,
  limitInForce,
  lossLimitError,
  NO_LIMIT,
  playSessionStart,
  RAISE_DELAY_MS,
} from "./responsible.ts";

const now = new Date("2026-03-01T12:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);

Deno.test("changeLimit() sets a first limit and lowers one at once", () => {
  const set = changeLimit(null, 5_000, now);
  assert.deepEqual(set, { amount: 5_000, pendingAmount: null, pendingFrom: null });
  assert.deepEqual(changeLimit(set, 1_000, now), {
    amount: 1_000,
    pendingAmount: null,
    pendingFrom: null,
  });
});

Deno.test("changeLimit() makes a raise wait 24 h, then limitInForce() applies it", () => {
  const raised = changeLimit(changeLimit(null, 5_000, now), 9_000, now);
  assert.deepEqual(raised, {
    amount: 5_000,
    pendingAmount: 9_000,
    pendingFrom: later(RAISE_DELAY_MS),
  });
  assert.equal(limitInForce(raised, later(RAISE_DELAY_MS - 1)).amount, 5_000);
  assert.deepEqual(limitInForce(raised, later(RAISE_DELAY_MS)), {
    amount: 9_000,
    pendingAmount: null,
    pendingFrom: null,
  });
});

Deno.test("changeLimit() makes a removal wait 24 h too", () => {
  const removing = changeLimit(changeLimit(null, 5_000, now), null, now);
  assert.deepEqual(removing, {
    amount: 5_000,
    pendingAmount: null,
    pendingFrom: later(RAISE_DELAY_MS),
  });
  assert.deepEqual(limitInForce(removing, later(RAISE_DELAY_MS)), NO_LIMIT);
});

Deno.test("changeLimit() keeps the time of a pending raise asked for again, and a lowering cancels it", () => {
  const raised = changeLimit(changeLimit(null, 5_000, now), 9_000, now);
  assert.deepEqual(changeLimit(raised, 9_000, later(3_600_000)), raised);
  assert.deepEqual(changeLimit(raised, 4_000, later(1)), {
    amount: 4_000,
    pendingAmount: null,
    pendingFrom: null,
  });
});

Deno.test("changeLimit() refuses a negative or fractional limit", () => {
  assert.throws(
    () => changeLimit(null, -1, now),
    (e) => e instanceof DomainError && e.code === "invalid_limit",
  );
  assert.throws(
    () => changeLimit(null, 1.5, now),
    (e) => e instanceof DomainError && e.code === "invalid_limit",
  );
});

Deno.test("exclusionEnd() accepts 1–42 days of time-out and 182–1826 of self-exclusion only", () => {
  assert.deepEqual(exclusionEnd("time-out", 1, now), later(86_400_000));
  assert.deepEqual(exclusionEnd("self-exclusion", 1826, now), later(1826 * 86_400_000));
  for (
    const [kind, days] of [["time-out", 0], ["time-out", 43], ["self-exclusion", 181], [
      "self-exclusion",
      1827,
    ], ["time-out", 2.5]] as const
  ) {
    assert.throws(
      () => exclusionEnd(kind, days, now),
      (e) => e instanceof DomainError && e.code === "invalid_exclusion_days",
    );
  }
});

Deno.test("checkDeposit() refuses the deposit that passes a limit, with the room left", () => {
  const uses = [{ kind: "deposit-daily" as const, amount: 1_000, used: 600 }];
  checkDeposit(uses, 400);
  assert.throws(
    () => checkDeposit(uses, 401),
    (e) => e instanceof DomainError && e.code === "deposit-limit" && e.extra.room === 400,
  );
});

Deno.test("lossLimitError() lets a stake up to the limit through", () => {
  const use = { kind: "loss-daily" as const, amount: 1_000, used: 700 };
  assert.equal(lossLimitError(use, 300), null);
  assert.equal(lossLimitError(use, 301)?.code, "loss-limit");
});

Deno.test("playSessionStart() goes back over bets less than 30 min apart", () => {
  const m = (min: number) => new Date(now.getTime() - min * 60_000);
  assert.equal(playSessionStart([], now), null);
  assert.equal(playSessionStart([m(31)], now), null);
  assert.deepEqual(playSessionStart([m(1), m(20), m(45), m(90)], now), m(45));
});
