import assert from "node:assert/strict";
import { DomainError, statusForCode } from "./errors.ts";
import { MARKET_KINDS } from "./markets.ts";
import {
  fairDecimalOdds,
  hasLine,
  isOutcomeKey,
  KIND_OUTCOMES,
  marketTitle,
  outcomeLabel,
} from "./market_labels.ts";

Deno.test("outcomeLabel() names every outcome of every kind", () => {
  assert.equal(outcomeLabel("strike", "yes"), "Strike");
  assert.equal(outcomeLabel("strike", "no"), "No strike");
  assert.equal(outcomeLabel("spare", "yes"), "Spare");
  assert.equal(outcomeLabel("spare", "no"), "No spare");
  assert.equal(outcomeLabel("pins-over-under", "over", 7.5), "Over 7.5 pins");
  assert.equal(outcomeLabel("pins-over-under", "under", 7.5), "Under 7.5 pins");
  assert.equal(outcomeLabel("speed-over-under", "over", 16.5), "Over 16.5 mph");
  assert.equal(outcomeLabel("speed-over-under", "under", 16.5), "Under 16.5 mph");
});

Deno.test("outcomeLabel() refuses an outcome the kind does not have with unknown_outcome (400)", () => {
  assert.throws(() => outcomeLabel("strike", "over"), (e: unknown) => {
    assert.ok(e instanceof DomainError);
    assert.equal(e.code, "unknown_outcome");
    assert.equal(e.message, 'Cannot find outcome "over" of a "strike" market');
    assert.equal(statusForCode(e.code), 400);
    return true;
  });
  assert.throws(() => outcomeLabel("pins-over-under", "over"), RangeError, "a line is needed");
});

Deno.test("marketTitle() heads each kind, with its line", () => {
  assert.equal(marketTitle("strike"), "Strike?");
  assert.equal(marketTitle("spare"), "Spare?");
  assert.equal(marketTitle("pins-over-under", 8.5), "Pins over/under 8.5");
  assert.equal(marketTitle("speed-over-under", 16.5), "Speed over/under 16.5 mph");
  assert.throws(() => marketTitle("speed-over-under", null), RangeError);
});

Deno.test("isOutcomeKey() and hasLine() follow the kinds", () => {
  for (const kind of MARKET_KINDS) {
    for (const key of KIND_OUTCOMES[kind]) assert.ok(isOutcomeKey(kind, key));
    assert.equal(isOutcomeKey(kind, "maybe"), false);
    assert.equal(hasLine(kind), kind.endsWith("over-under"));
  }
  assert.equal(isOutcomeKey("strike", "over"), false);
});

Deno.test("fairDecimalOdds() is 1 / p, null when unknown", () => {
  assert.equal(fairDecimalOdds(0.25), 4);
  assert.equal(fairDecimalOdds(null), null);
  assert.equal(fairDecimalOdds(0), null);
});

/** Modules a browser bundle pulls in for real (type-only imports are erased). */
async function runtimeImports(file: URL, seen = new Set<string>()): Promise<Set<string>> {
  if (seen.has(file.href)) return seen;
  seen.add(file.href);
  const text = await Deno.readTextFile(file);
  const re = /^(?:import|export)\s+(?!type\s)[^;]*?from\s+"([^"]+)"/gms;
  for (const [, spec] of text.matchAll(re)) {
    if (spec.startsWith(".")) await runtimeImports(new URL(spec, file), seen);
    else seen.add(spec);
  }
  return seen;
}

Deno.test("the betting rules the web imports pull in no zod", async () => {
  for (
    const name of [
      "parimutuel.ts",
      "past_post.ts",
      "market_kinds.ts",
      "market_labels.ts",
      "market_state.ts",
    ]
  ) {
    const imports = [...await runtimeImports(new URL(name, import.meta.url))];
    assert.ok(!imports.includes("zod"), `${name} imports ${imports.join(", ")}`);
    assert.ok(!imports.some((i) => i.endsWith("/markets.ts")), `${name} imports core/markets.ts`);
  }
});
