import assert from "node:assert/strict";
import fc from "fast-check";
import { DomainError } from "./errors.ts";
import { MARKET_STATES, type MarketState } from "./markets.ts";
import {
  bumpsVersion,
  canTransition,
  MARKET_ACTIONS,
  MARKET_TRANSITIONS,
  type MarketAction,
  nextMarketState,
  statesAllowing,
  TERMINAL_MARKET_STATES,
} from "./market_state.ts";

/** Every allowed (state, action) → state; anything not listed is refused. */
const ALLOWED: [MarketState, MarketAction, MarketState][] = [
  ["open", "suspend", "suspended"],
  ["open", "void", "void"],
  ["suspended", "reopen", "open"],
  ["suspended", "determine", "determined"],
  ["suspended", "void", "void"],
  ["determined", "determine", "determined"],
  ["determined", "finalize", "finalized"],
  ["determined", "dispute", "disputed"],
  ["determined", "void", "void"],
  ["disputed", "determine", "determined"],
  ["disputed", "resolve", "determined"],
  ["disputed", "void", "void"],
];

Deno.test("nextMarketState() allows exactly the transitions of the market graph", () => {
  for (const state of MARKET_STATES) {
    for (const action of MARKET_ACTIONS) {
      const row = ALLOWED.find(([s, a]) => s === state && a === action);
      if (row) {
        assert.equal(nextMarketState(state, action), row[2], `${action} ${state}`);
        assert.ok(canTransition(state, action));
      } else {
        assert.equal(canTransition(state, action), false, `${action} ${state}`);
        assert.throws(() => nextMarketState(state, action), (e: unknown) => {
          assert.ok(e instanceof DomainError);
          assert.equal(e.code, "market_state");
          assert.equal(e.message, `Cannot ${action} a "${state}" market`);
          assert.deepEqual(e.extra, { state, action });
          return true;
        });
      }
    }
  }
});

Deno.test("nextMarketState() never finalizes or voids twice, and a finalized market is never voided", () => {
  assert.throws(() => nextMarketState("finalized", "void"), /Cannot void a "finalized" market/);
  assert.throws(() => nextMarketState("void", "void"), /Cannot void a "void" market/);
  assert.throws(() => nextMarketState("finalized", "finalize"), DomainError);
  assert.throws(() => nextMarketState("open", "determine"), DomainError);
  assert.throws(() => nextMarketState("open", "finalize"), DomainError);
  assert.throws(() => nextMarketState("suspended", "finalize"), DomainError);
});

Deno.test("statesAllowing() lists the states an action may start from", () => {
  assert.deepEqual(statesAllowing("void"), ["open", "suspended", "determined", "disputed"]);
  assert.deepEqual(statesAllowing("determine"), ["suspended", "determined", "disputed"]);
  assert.deepEqual(statesAllowing("suspend"), ["open"]);
  assert.deepEqual(statesAllowing("finalize"), ["determined"]);
});

Deno.test("MARKET_TRANSITIONS covers every state, and every transition bumps the version", () => {
  assert.deepEqual(Object.keys(MARKET_TRANSITIONS).sort(), [...MARKET_STATES].sort());
  for (const action of MARKET_ACTIONS) assert.equal(bumpsVersion(action), true);
});

Deno.test("random action sequences stay on the graph and never leave finalized or void", () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...MARKET_ACTIONS), { maxLength: 40 }), (actions) => {
      let state: MarketState = "open";
      let version = 1;
      for (const action of actions) {
        const before: MarketState = state;
        try {
          state = nextMarketState(state, action);
          if (bumpsVersion(action)) version++;
        } catch (e) {
          assert.ok(e instanceof DomainError && e.code === "market_state");
          assert.equal(state, before, "a refused action changes nothing");
          continue;
        }
        assert.ok(ALLOWED.some(([s, a, n]) => s === before && a === action && n === state));
        assert.ok(!TERMINAL_MARKET_STATES.includes(before), "nothing leaves a terminal state");
        assert.ok(MARKET_STATES.includes(state));
        if (state === "void") assert.notEqual(before, "finalized");
      }
      assert.ok(version >= 1);
    }),
    { numRuns: 500 },
  );
});
