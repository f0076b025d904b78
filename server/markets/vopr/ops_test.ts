import assert from "node:assert/strict";
import { createPrng } from "../../../core/prng.ts";
import { describeOp, nextOp, type Op, type View } from "./ops.ts";

const view: View = {
  available: [10_000, 500, 0, 2_500],
  lanes: [{ id: "1", phase: "open" }, { id: "2", phase: "thrown" }, { id: "3", phase: "idle" }],
  markets: [
    {
      id: "11111111-1111-4111-8111-111111111111",
      laneId: "1",
      state: "open",
      outcomes: ["yes", "no"],
    },
    {
      id: "44444444-4444-4444-8444-444444444444",
      laneId: "2",
      state: "determined",
      outcomes: ["yes", "no"],
    },
    {
      id: "22222222-2222-4222-8222-222222222222",
      laneId: "1",
      state: "open",
      outcomes: ["over", "under"],
    },
    {
      id: "33333333-3333-4333-8333-333333333333",
      laneId: "2",
      state: "suspended",
      outcomes: ["yes", "no"],
    },
  ],
  bets: [{ id: "b1", user: 0 }, { id: "b2", user: 1 }],
  settledBalls: 2,
  reviews: ["shot-1"],
  keys: 3,
  settles: true,
};

const walk = (seed: number, steps: number) =>
  Array.from({ length: steps }, (_, step) => nextOp(createPrng(seed, step), view));

Deno.test("nextOp() draws the same operations from the same seed and step", () => {
  assert.deepEqual(walk(7, 200), walk(7, 200));
  assert.notDeepEqual(walk(7, 50), walk(8, 50));
});

Deno.test("nextOp() reaches every kind of operation", () => {
  const kinds = new Set(walk(1, 3000).map((o) => o.kind));
  for (
    const k of [
      "deposit",
      "bets",
      "rack-ready",
      "ball-events",
      "shot",
      "drain",
      "crash",
      "correction",
      "staff-void",
      "staff-suspend",
      "review",
      "finalize",
      "someone-elses-bet",
      "dispute",
    ] satisfies Op["kind"][]
  ) assert.ok(kinds.has(k), `never drew ${k}`);
});

Deno.test("nextOp() draws bets at and after the cutoff, lost, duplicated and out-of-order events", () => {
  const events = walk(3, 3000).flatMap((o) => o.kind === "ball-events" ? [o] : []);
  const modes = new Set(events.map((o) => o.events.cutoff));
  assert.deepEqual([...modes].sort(), ["after", "exact", "late", "now"]);
  assert.ok(events.some((o) => o.events.duplicate));
  assert.ok(events.some((o) => o.events.releaseFirst && o.events.approach));
  assert.ok(events.some((o) => !o.events.approach && o.events.release), "release only");
  assert.ok(events.some((o) => !o.events.release), "both lost");
  assert.ok(events.some((o) => o.bets.length > 0), "bets racing the events");
});

Deno.test("nextOp() draws bad, stale, replayed, over-balance and concurrent bets", () => {
  const bets = walk(5, 3000).flatMap((o) => o.kind === "bets" ? o.bets : []);
  assert.ok(bets.some((b) => b.bad));
  assert.ok(bets.some((b) => b.version === "stale"));
  assert.ok(bets.some((b) => b.key === "reuse-same") && bets.some((b) => b.key === "reuse-other"));
  assert.ok(bets.some((b) => b.stake > view.available[b.user]), "more than the bettor has");
  assert.ok(walk(5, 500).some((o) => o.kind === "bets" && o.bets.length > 3), "several at once");
});

Deno.test("nextOp() only throws, shoots and reviews where the lane is ready for it", () => {
  for (const op of walk(9, 2000)) {
    if (op.kind === "rack-ready") assert.equal(op.lane, "3");
    if (op.kind === "ball-events") assert.equal(op.lane, "1");
    if (op.kind === "shot") assert.equal(op.lane, "2");
    if (op.kind === "review") assert.equal(op.shot, "shot-1");
  }
});

Deno.test("describeOp() prints one line per operation", () => {
  for (const op of walk(11, 300)) {
    const line = describeOp(op);
    assert.ok(line.length > 3 && !line.includes("\n"), line);
  }
});
