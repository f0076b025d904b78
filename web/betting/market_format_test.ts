import assert from "node:assert/strict";
import { makeMarket } from "./fixtures.ts";
import {
  ballLabel,
  betOutcomeLabel,
  marketBadge,
  marketTitle,
  resultLabel,
} from "./market_format.ts";

const OPENED = Date.parse("2026-12-07T01:00:00.000Z");
const ai = (phase: "approach" | "released" | "pinfall" | "rack-ready", atMs: number) => ({
  phase,
  event: { captureTimeMs: atMs },
});

Deno.test("ballLabel() names the frame, the ball and the bowler", () => {
  const market = makeMarket({ ball: { frame: 4, ball: 1 } });
  assert.equal(ballLabel(market.ball), "Frame 4, ball 1 — Ana");
});

Deno.test("marketTitle() asks each kind's question with its line", () => {
  assert.equal(marketTitle("strike"), "Strike?");
  assert.equal(marketTitle("spare"), "Spare?");
  assert.equal(marketTitle("pins-over-under", 7.5), "Pins over/under 7.5");
  assert.equal(marketTitle("pins-over-under"), "Pins over/under");
  assert.equal(marketTitle("speed-over-under", 16.5), "Speed over/under 16.5 mph");
});

Deno.test("marketBadge() shows an open market as open while the rack is ready", () => {
  const market = makeMarket();
  assert.deepEqual(marketBadge(market, null), { tone: "open", text: "Open" });
  assert.deepEqual(marketBadge(market, ai("rack-ready", OPENED + 5)), {
    tone: "open",
    text: "Open",
  });
});

Deno.test("marketBadge() shows suspended as soon as the AI sees the approach", () => {
  const market = makeMarket();
  assert.deepEqual(marketBadge(market, ai("approach", OPENED + 5000)), {
    tone: "suspended",
    text: "Suspended — bowler on the approach",
  });
});

Deno.test("marketBadge() ignores an AI event from before the market opened", () => {
  // The last ball's pinfall, seen before this ball's market opened.
  assert.equal(marketBadge(makeMarket(), ai("pinfall", OPENED - 3000)).tone, "open");
});

Deno.test("marketBadge() follows the market's own state", () => {
  assert.equal(
    marketBadge(makeMarket({ state: "suspended" }), null).text,
    "Suspended — bowler on the approach",
  );
  assert.equal(
    marketBadge(makeMarket({ state: "suspended" }), ai("released", OPENED + 9000)).text,
    "Suspended — ball rolling",
  );
  assert.equal(
    marketBadge(
      makeMarket({ state: "suspended", review: { reason: "unsure", shotId: null } }),
      null,
    ).text,
    "Suspended — result under review",
  );
  assert.deepEqual(marketBadge(makeMarket({ state: "determined", result: "yes" }), null), {
    tone: "settled",
    text: "Result: Yes",
  });
  assert.equal(
    marketBadge(makeMarket({ state: "finalized", result: "no" }), null).text,
    "Final: No",
  );
  assert.equal(marketBadge(makeMarket({ state: "void" }), null).tone, "void");
});

Deno.test("resultLabel() and betOutcomeLabel() name outcomes", () => {
  assert.equal(resultLabel(makeMarket({ result: "no" })), "No");
  assert.equal(resultLabel(makeMarket()), "—");
  assert.equal(betOutcomeLabel("strike", "no"), "No strike");
  assert.equal(betOutcomeLabel("pins-over-under", "over", 7.5), "Over 7.5 pins");
  assert.equal(betOutcomeLabel("strike", "maybe"), "Maybe");
});
