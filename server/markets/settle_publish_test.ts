import assert from "node:assert/strict";
import { createLiveHub, type LiveEvent } from "../live/hub.ts";
import { subscribeUser } from "../live/user_events.ts";
import type { BetRow, MarketRow } from "./repo.ts";
import { applyChanges, prepareBetEvents, publishSettled } from "./settle_publish.ts";

const market: MarketRow = {
  id: "00000000-0000-4000-8000-00000000000a",
  laneId: "1",
  sessionId: "00000000-0000-4000-8000-00000000000b",
  bowlerId: "00000000-0000-4000-8000-00000000000c",
  bowlerName: "Ana",
  bowlerPosition: 1,
  frame: 1,
  ball: 1,
  kind: "strike",
  line: null,
  standing: 1023,
  state: "determined",
  version: 2,
  currency: "USD",
  takeoutBps: 1000,
  fair: {},
  result: "yes",
  determinations: 1,
  shotId: null,
  reviewReason: null,
  suspendCaptureMs: null,
  voidReason: null,
  openedAt: new Date(0),
  suspendedAt: null,
  determinedAt: null,
  finalizedAt: null,
  pools: {},
};

function bet(id: string, userId: string, outcome: string): BetRow {
  return {
    id,
    userId,
    marketId: market.id,
    outcome,
    stake: 100,
    currency: "USD",
    marketVersion: 1,
    idempotencyKey: `key-${id}`,
    requestDigest: "d",
    state: "open",
    payout: null,
    voidReason: null,
    holdId: `stake:${id}`,
    placedAt: new Date(0),
    settledAt: null,
  };
}

Deno.test("settlement tells each bettor of all their settled bets in one event, one bet alone as `bet`", () => {
  const live = createLiveHub();
  const seen = new Map<string, LiveEvent[]>();
  for (const user of ["ann", "ben"]) {
    seen.set(user, []);
    subscribeUser(live, user, (e) => seen.get(user)!.push(e));
  }
  const bets = [bet("b1", "ann", "yes"), bet("b2", "ann", "no"), bet("b3", "ben", "yes")];
  const changes = [
    { id: "b1", state: "won" as const, payout: 180, voidReason: null },
    { id: "b2", state: "lost" as const, payout: 0, voidReason: null },
    { id: "b3", state: "won" as const, payout: 180, voidReason: null },
  ];
  const settled = applyChanges(market, bets, changes);
  const events = prepareBetEvents([settled], new Set(["b1", "b2", "b3"]));
  publishSettled(live, [settled], events, new Map())();
  const ann = seen.get("ann")!;
  assert.deepEqual(ann.map((e) => e.type), ["bets"]);
  const annBets = ann[0].data as { id: string; state: string; payout: number }[];
  assert.deepEqual(annBets.map((b) => [b.id, b.state, b.payout]), [["b1", "won", 180], [
    "b2",
    "lost",
    0,
  ]]);
  const ben = seen.get("ben")!;
  assert.deepEqual(ben.map((e) => e.type), ["bet"]);
  assert.equal((ben[0].data as { id: string }).id, "b3");
});
