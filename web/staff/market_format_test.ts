import assert from "node:assert/strict";
import { market } from "./market_fixture.ts";
import {
  ballLabel,
  formatPercent,
  kindLabel,
  lineLabel,
  resultLabel,
  sortMarkets,
} from "./market_format.ts";

Deno.test("a market reads as kind, line with its unit, and whose ball", () => {
  assert.equal(kindLabel("pins-over-under"), "Pins over/under");
  assert.equal(lineLabel(market({ kind: "pins-over-under", line: 7.5 })), "7.5 pins");
  assert.equal(lineLabel(market({ kind: "speed-over-under", line: 16.5 })), "16.5 mph");
  assert.equal(lineLabel(market()), "");
  assert.equal(ballLabel(market().ball), "Ada · frame 1, ball 1");
});

Deno.test("a result shows the winning outcome's label, Void, or a dash while undetermined", () => {
  assert.equal(resultLabel(market()), "—");
  assert.equal(resultLabel(market({ state: "determined", result: "no" })), "No");
  assert.equal(resultLabel(market({ state: "void" })), "Void");
});

Deno.test("confidences read as percentages, a dash when unknown", () => {
  assert.equal(formatPercent(0.874), "87 %");
  assert.equal(formatPercent(null), "—");
});

Deno.test("sortMarkets() lists markets in play first, then the newest, then by kind", () => {
  const old = market({ id: "a", state: "finalized", openedAt: "2026-12-07T01:05:00.000Z" });
  const spare = market({ id: "b", kind: "spare", openedAt: "2026-12-07T01:00:00.000Z" });
  const strike = market({ id: "c", openedAt: "2026-12-07T01:00:00.000Z" });
  const newer = market({ id: "d", state: "suspended", openedAt: "2026-12-07T01:02:00.000Z" });
  const disputed = market({ id: "e", state: "disputed" });
  assert.deepEqual(
    sortMarkets([old, spare, newer, strike, disputed]).map((m) => m.id),
    ["c", "b", "d", "e", "a"],
  );
});
