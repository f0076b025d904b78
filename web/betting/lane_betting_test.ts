import assert from "node:assert/strict";
import { signal } from "@preact/signals";
import type { AuthStatus, User } from "../auth/session.ts";
import type { Bet, BettingApi, Market, Wallet } from "./betting_api.ts";
import { makeBet, makeMarket } from "./fixtures.ts";
import { LaneBetting } from "./lane_betting.ts";

function setup(
  role: User["role"] | null,
  markets: Market[] = [],
  bets: Bet[] = [],
  status = signal<AuthStatus>(role ? "signedIn" : "signedOut"),
) {
  const calls: string[] = [];
  const user = signal<User | null>(
    role ? { id: "u", email: "u@example.test", displayName: "U", role } : null,
  );
  const walletEvents: Wallet[] = [];
  let walletLoads = 0;
  const api: Pick<BettingApi, "laneMarkets" | "placeBet" | "bets" | "liveTicket"> = {
    laneMarkets: (laneId) => {
      calls.push(`markets ${laneId}`);
      return Promise.resolve(markets);
    },
    placeBet: () => Promise.reject(new Error("not here")),
    bets: (status) => {
      calls.push(`bets ${status}`);
      const settled = (b: Bet) => b.state === "won" || b.state === "lost";
      return Promise.resolve({
        items: bets.filter((b) => status === "settled" ? settled(b) : b.state === status),
        next: null,
      });
    },
    liveTicket: () => {
      calls.push("ticket");
      return Promise.resolve({ ticket: "tk", expiresAt: "2026-12-07T01:00:00Z" });
    },
  };
  const betting = new LaneBetting({
    laneId: "1",
    api,
    auth: { user, status },
    wallet: {
      receive: (w) => void walletEvents.push(w),
      load: () => {
        walletLoads++;
        return Promise.resolve();
      },
    },
  });
  return { betting, calls, user, walletEvents, walletLoads: () => walletLoads };
}

Deno.test("LaneBetting: a visitor reads the markets only, with no ticket", async () => {
  const market = makeMarket();
  const { betting, calls } = setup(null, [market]);
  assert.equal(betting.viewer.value, "signedOut");
  assert.equal(await betting.ticket(), null);
  await betting.resync();
  assert.deepEqual(calls, ["markets 1"]);
  assert.deepEqual(betting.markets.shown.value.map((m) => m.id), [market.id]);
  assert.equal(betting.loaded.value, true);
});

Deno.test("LaneBetting: a bettor gets a ticket and reloads their bets and wallet on connect", async () => {
  const market = makeMarket();
  const open = makeBet(market);
  const won = makeBet(market, { state: "won", payout: 900 });
  const { betting, calls, walletLoads } = setup("bettor", [market], [open, won]);
  assert.equal(await betting.ticket(), "tk");
  await betting.resync();
  assert.deepEqual(calls.slice(1).sort(), ["bets open", "bets settled", "bets void", "markets 1"]);
  assert.equal(walletLoads(), 1);
  assert.equal(betting.bets.recent.value.length, 2);
});

Deno.test("LaneBetting: live events update markets, bets and the wallet", () => {
  const market = makeMarket();
  const { betting, walletEvents } = setup("bettor");
  betting.listeners.market(market);
  betting.listeners.market({ ...market, state: "suspended", version: 2 });
  assert.equal(betting.markets.get(market.id)?.state, "suspended");
  const bet = makeBet(market);
  betting.listeners.bet(bet);
  betting.listeners.bet({ ...bet, state: "won", payout: 1050 });
  assert.equal(betting.bets.recent.value[0].state, "won");
  // A settlement sends a bettor's bets together; what is not a bet is skipped.
  const other = { ...makeBet(market), id: `${bet.id}-2` };
  betting.listeners.bets([{ ...bet, state: "lost", payout: 0 }, { ...other, state: "won" }, {
    id: 7,
  }]);
  assert.deepEqual(
    betting.bets.recent.value.map((b) => [b.id, b.state]).sort(),
    [[bet.id, "lost"], [other.id, "won"]].sort(),
  );
  betting.listeners.wallet({
    currency: "USD",
    available: 1050,
    pending: 0,
    balance: 1050,
    demo: true,
    bettor: true,
  });
  betting.listeners.wallet({ available: "lots" }); // not a wallet: ignored
  assert.equal(walletEvents.length, 1);
});

Deno.test("LaneBetting: who may bet follows the signed-in role", () => {
  const { betting, user } = setup("spectator");
  assert.equal(betting.viewer.value, "spectator");
  user.value = { ...user.value!, role: "bettor" };
  assert.equal(betting.viewer.value, "bettor");
  user.value = { ...user.value!, role: "staff" };
  assert.equal(betting.viewer.value, "staff");
});

Deno.test("LaneBetting: markets that cannot be read say so", async () => {
  const failing = new LaneBetting({
    laneId: "1",
    api: {
      laneMarkets: () => Promise.reject(new TypeError("offline")),
      placeBet: () => Promise.reject(new Error()),
      bets: () => Promise.reject(new Error()),
      liveTicket: () => Promise.reject(new Error()),
    },
    auth: { user: signal(null), status: signal("signedOut") },
    wallet: { receive: () => {}, load: () => Promise.resolve() },
  });
  await failing.resync();
  assert.equal(failing.error.value, "Cannot reach the server");
  assert.equal(failing.loaded.value, false);
});

Deno.test("LaneBetting: the ticket waits for the sign-in to be restored", async () => {
  const status = signal<AuthStatus>("restoring");
  const { betting, user } = setup(null, [], [], status);
  let ticket: string | null | undefined;
  const asked = betting.ticket().then((t) => ticket = t);
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(ticket, undefined, "no stream is opened while the sign-in is unknown");
  user.value = { id: "u", email: "u@example.test", displayName: "U", role: "bettor" };
  status.value = "signedIn";
  await asked;
  assert.equal(ticket, "tk");
});
