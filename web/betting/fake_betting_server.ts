/**
 * A stand-in Lanecast for browser tests of the bettor's screens: serves the
 * built web app (web/dist) and fakes, in memory, just the routes those
 * screens call — sign-up, becoming a bettor, the wallet, sandbox deposits, a
 * lane's markets, bets, live tickets and the lane's live stream — with the
 * same answers and problem codes as the real API (core/markets.ts). The test
 * drives it: open markets, suspend them, settle them, push events.
 *
 * @example
 * ```ts
 * await using fake = startFakeBettingServer();
 * const market = fake.openMarket({ kind: "strike" });
 * fake.suspend(market.id);
 * ```
 * @module
 */
import { join } from "node:path";
import type { Bet, Market, Wallet, WalletTransaction } from "../../core/markets.ts";
import { createFakeMoney, type FakeMoney } from "../money/fake_money_routes.ts";
import { FIXTURE_BOWLER_ID, makeBet, makeMarket } from "./fixtures.ts";

const DIST = join(import.meta.dirname!, "..", "dist");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".map": "application/json",
  ".svg": "image/svg+xml",
};
const USER_ID = FIXTURE_BOWLER_ID;
/** The token of the one sign-up link the fake "mails"; open `FAKE_SIGNUP_LINK` to confirm. */
const FAKE_SIGNUP_TOKEN = "fake-signup-token-0123456789";
export const FAKE_SIGNUP_LINK = `/signup/confirm#token=${FAKE_SIGNUP_TOKEN}`;

export interface FakeBettingServer extends AsyncDisposable {
  url: string;
  /** Opens a market on the lane's next ball and pushes it. */
  openMarket(o: { kind: Market["kind"]; line?: number; pools?: number[]; fair?: number[] }): Market;
  /** Money from other bettors moves the pools (no version bump). */
  addToPool(marketId: string, outcome: string, amount: number): void;
  /** Changes the market's terms (version + 1), as a line change would. */
  bumpVersion(marketId: string): void;
  suspend(marketId: string): void;
  /** Determines the market and settles every bet on it (payout: stake × odds, rounded down). */
  settle(marketId: string, result: string): void;
  /** Sends an `ai-event` of the lane. */
  aiEvent(type: "approach" | "release" | "pinfall" | "rack-ready"): void;
  readonly wallet: Wallet;
  /** Issue 15's money routes: limits, withdrawals (`approveWithdrawal()`), the reality check. */
  readonly money: FakeMoney;
  close(): Promise<void>;
}

export function startFakeBettingServer(): FakeBettingServer {
  const markets = new Map<string, Market>();
  const bets: Bet[] = [];
  const txs: WalletTransaction[] = [];
  const streams = new Set<{ send: (type: string, data: unknown) => void; user: boolean }>();
  const wallet: Wallet = {
    currency: "USD",
    available: 0,
    pending: 0,
    balance: 0,
    demo: true,
    bettor: false,
  };
  let user: { id: string; email: string; displayName: string; role: string } | null = null;
  let frame = 3;

  const push = (type: string, data: unknown, onlyUser = false) => {
    for (const s of streams) if (!onlyUser || s.user) s.send(type, data);
  };
  const pushWallet = () => push("wallet", { ...wallet }, true);
  const tx = (kind: string, amount: number, description: string, bet?: Bet) =>
    txs.unshift({
      id: `tx-${txs.length + 1}`,
      kind,
      amount,
      state: "posted",
      currency: "USD",
      betId: bet?.id ?? null,
      marketId: bet?.marketId ?? null,
      description,
      demo: true,
      createdAt: new Date().toISOString(),
    });
  const refresh = (m: Market) => {
    const total = m.outcomes.reduce((s, o) => s + o.pool, 0);
    const net = Math.floor(total * (10_000 - m.takeoutBps) / 10_000);
    m.totalPool = total;
    for (const o of m.outcomes) o.odds = o.pool > 0 ? Math.round(net / o.pool * 100) / 100 : null;
    push("market", m);
  };
  const problem = (status: number, code: string, detail: string, extra = {}) =>
    Response.json({
      type: `urn:lanecast:problem:${code}`,
      title: "Error",
      status,
      detail,
      code,
      ...extra,
    }, {
      status,
      headers: { "content-type": "application/problem+json" },
    });
  const money = createFakeMoney({ wallet, problem, tx, pushWallet });
  /** The sign-up waiting for its link (`FAKE_SIGNUP_LINK`). */
  let pending: { email: string; displayName: string; next: string | null } | null = null;
  const tokens = () => ({ user, accessToken: "fake-token", expiresIn: 3600 });

  async function api(req: Request, url: URL): Promise<Response> {
    const path = url.pathname;
    const body = req.method === "POST" || req.method === "PUT"
      ? await req.json().catch(() => ({}))
      : {};
    if (path === "/api/auth/signup") {
      pending = { email: body.email, displayName: body.displayName, next: body.next ?? null };
      return Response.json({ status: "check-email" }, { status: 202 });
    }
    if (path === "/api/auth/signup/confirm") {
      if (!pending || body.token !== FAKE_SIGNUP_TOKEN) {
        return problem(400, "signup_link_invalid", "This sign-up link is not valid");
      }
      user = {
        id: USER_ID,
        email: pending.email,
        displayName: pending.displayName,
        role: "spectator",
      };
      const next = pending.next;
      pending = null;
      return Response.json({ ...tokens(), next }, { status: 201 });
    }
    if (path === "/api/auth/refresh") {
      return user ? Response.json(tokens()) : problem(401, "refresh_invalid", "Sign in again");
    }
    if (path === "/api/auth/logout") return new Response(null, { status: 204 });
    if (path === "/api/me") {
      return user ? Response.json(user) : problem(401, "unauthorized", "Sign in");
    }
    if (path === "/api/lanes") return Response.json([{ id: "1", name: "Lane 1", live: false }]);
    if (path === "/api/lanes/1/watch") return problem(503, "sfu_down", "The lane is offline");
    if (path === "/api/lanes/1/shots") return Response.json([]);
    if (path === "/api/lanes/1/markets") return Response.json({ markets: [...markets.values()] });
    if (path === "/api/lanes/1/live") return live(url.searchParams.has("ticket"));
    if (path === "/api/payments/config") {
      return Response.json({
        providers: ["sandbox"],
        stripePublishableKey: null,
        paypalClientId: null,
        demo: true,
        currency: "USD",
        presets: [500, 1000, 2500, 5000],
      });
    }
    if (!user) return problem(401, "unauthorized", "Sign in to do this");
    if (path === "/api/me/betting") {
      if (Date.parse(body.dateOfBirth) > Date.now() - 18 * 365.25 * 86_400_000) {
        return problem(403, "too_young", "You must be 18 or older to bet");
      }
      user.role = "bettor";
      wallet.bettor = true;
      return Response.json({ bettor: true });
    }
    if (path === "/api/live/tickets") {
      return Response.json({
        ticket: "t-1",
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      });
    }
    if (path === "/api/wallet") return Response.json(wallet);
    if (path === "/api/wallet/transactions") return Response.json({ items: txs, next: null });
    if (path === "/api/wallet/deposits") {
      const refused = money.checkDeposit(body.amount);
      if (refused) return refused;
      wallet.available += body.amount;
      wallet.balance += body.amount;
      tx("deposit", body.amount, "Demo money (sandbox)");
      pushWallet();
      const deposit = {
        id: crypto.randomUUID(),
        amount: body.amount,
        provider: "sandbox",
        demo: true,
        state: "succeeded",
      };
      return Response.json({ deposit, wallet }, { status: 201 });
    }
    if (path === "/api/bets" && req.method === "POST") return placeBet(body);
    if (path === "/api/bets") {
      const status = url.searchParams.get("status");
      const pick = bets.filter((b) =>
        status === "open"
          ? b.state === "open"
          : status === "void"
          ? b.state === "void"
          : b.state === "won" || b.state === "lost"
      );
      return Response.json({ bets: pick, next: null });
    }
    return money.handle(req.method, path, body) ??
      problem(404, "not_found", `No route "${path}"`);
  }

  function placeBet(
    body: { marketId: string; outcome: string; stake: number; marketVersion: number },
  ) {
    const m = markets.get(body.marketId);
    if (!m) return problem(404, "unknown_market", `Cannot find market "${body.marketId}"`);
    if (m.state !== "open") {
      return problem(409, "market-suspended", "The market is not taking bets", {
        state: m.state,
        version: m.version,
      });
    }
    if (m.version !== body.marketVersion) {
      return problem(409, "market-version-stale", "The market has changed", { version: m.version });
    }
    if (wallet.available < body.stake) {
      return problem(422, "insufficient-funds", "Not enough money");
    }
    const bet = makeBet(m, {
      id: crypto.randomUUID(),
      outcome: body.outcome,
      stake: body.stake,
      placedAt: new Date().toISOString(),
    });
    bets.unshift(bet);
    wallet.available -= bet.stake;
    wallet.pending += bet.stake;
    tx("stake", -bet.stake, `Bet on ${m.kind}`, bet);
    m.outcomes.find((o) => o.key === bet.outcome)!.pool += bet.stake;
    refresh(m);
    push("bet", bet, true);
    pushWallet();
    return Response.json({ bet }, { status: 201 });
  }

  function live(withTicket: boolean): Response {
    const encoder = new TextEncoder();
    let entry: { send: (type: string, data: unknown) => void; user: boolean };
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        entry = {
          user: withTicket,
          send: (type, data) =>
            controller.enqueue(encoder.encode(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`)),
        };
        streams.add(entry);
        entry.send("session", null);
      },
      cancel() {
        streams.delete(entry);
      },
    });
    return new Response(body, {
      headers: { "content-type": "text/event-stream", "cache-control": "no-store" },
    });
  }

  async function handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    if (url.pathname.startsWith("/api/")) return await api(req, url);
    const file = url.pathname === "/" || !/\.[a-z]+$/.test(url.pathname)
      ? "/index.html"
      : url.pathname;
    try {
      const data = await Deno.readFile(join(DIST, file));
      const type = TYPES[file.slice(file.lastIndexOf("."))] ?? "application/octet-stream";
      return new Response(data, { headers: { "content-type": type } });
    } catch {
      return new Response("Not found", { status: 404 });
    }
  }

  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, handle);
  const close = async () => {
    for (const s of streams) streams.delete(s);
    await server.shutdown();
  };

  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    wallet,
    money,
    openMarket({ kind, line, pools = [0, 0], fair = [0.4, 0.6] }) {
      const m = makeMarket({
        id: crypto.randomUUID(),
        kind,
        line,
        openedAt: new Date().toISOString(),
        ball: { frame },
      });
      m.outcomes.forEach((o, i) => {
        o.pool = pools[i];
        o.fairProbability = fair[i];
      });
      markets.set(m.id, m);
      refresh(m);
      return m;
    },
    addToPool(marketId, outcome, amount) {
      const m = markets.get(marketId)!;
      m.outcomes.find((o) => o.key === outcome)!.pool += amount;
      refresh(m);
    },
    bumpVersion(marketId) {
      const m = markets.get(marketId)!;
      m.version++;
      refresh(m);
    },
    suspend(marketId) {
      const m = markets.get(marketId)!;
      m.state = "suspended";
      m.version++;
      m.suspendedAt = new Date().toISOString();
      refresh(m);
    },
    settle(marketId, result) {
      const m = markets.get(marketId)!;
      m.state = "determined";
      m.result = result;
      m.version++;
      m.determinedAt = new Date().toISOString();
      refresh(m);
      const winner = m.outcomes.find((o) => o.key === result)!;
      for (const bet of bets.filter((b) => b.marketId === marketId && b.state === "open")) {
        const won = bet.outcome === result;
        bet.state = won ? "won" : "lost";
        bet.payout = won ? Math.floor(bet.stake * (winner.odds ?? 1)) : 0;
        bet.settledAt = new Date().toISOString();
        bet.market = { ...bet.market, state: "determined", result };
        wallet.pending -= bet.stake;
        wallet.available += bet.payout;
        wallet.balance += bet.payout - bet.stake;
        if (won) tx("payout", bet.payout, "Winnings", bet);
        push("bet", bet, true);
      }
      pushWallet();
      frame++;
    },
    aiEvent(type) {
      push("ai-event", {
        id: `fake-${type}-${Date.now()}`,
        laneId: "1",
        type,
        captureTimeMs: Date.now(),
        receivedAtMs: Date.now(),
        confidence: 0.97,
        model: "fake",
        models: {},
      });
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
