/**
 * The money routes of issue 15 faked in memory for the browser tests of the
 * money screens (web/betting/fake_betting_server.ts mounts them): limits with
 * a pending raise, time-outs and self-exclusion, the deposit-limit check,
 * withdrawals held at once and approved by "staff" (the test), the reality
 * check. Same answers and problem codes as the contract in the issue.
 */
import type { Wallet } from "../../core/markets.ts";
import type { LimitKey, Limits, RealityCheck, Withdrawal } from "./money_api.ts";

type Problem = (status: number, code: string, detail: string, extra?: object) => Response;

export interface FakeMoneyDeps {
  wallet: Wallet;
  problem: Problem;
  /** Records a transaction in the wallet's history. */
  tx(kind: string, amount: number, description: string): void;
  pushWallet(): void;
}

export interface FakeMoney {
  /** Answers a money route, or null when the path is not one. */
  handle(method: string, path: string, body: Record<string, unknown>): Response | null;
  /** A problem when a deposit of `amount` is refused (limit, exclusion), else null; counts it. */
  checkDeposit(amount: number): Response | null;
  /** Staff approve (and pay) the oldest requested withdrawal. */
  approveWithdrawal(): Withdrawal | undefined;
  /** Minutes the reality check says the session has lasted. */
  playedMinutes: number;
}

const DAY = 86_400_000;

export function createFakeMoney(deps: FakeMoneyDeps): FakeMoney {
  const { wallet, problem } = deps;
  const limits: Limits = { limits: {}, timeOutUntil: null, selfExcludedUntil: null };
  const withdrawals: Withdrawal[] = [];
  let depositedToday = 0;
  const paused = () =>
    [limits.timeOutUntil, limits.selfExcludedUntil].some((u) => u && Date.parse(u) > Date.now());

  const fake: FakeMoney = {
    playedMinutes: 0,
    checkDeposit(amount) {
      if (paused()) return problem(403, "self-excluded", "The account is excluded");
      const daily = limits.limits.depositDaily?.amount;
      if (daily != null && depositedToday + amount > daily) {
        return problem(422, "deposit-limit", "Deposit over the daily limit", {
          limit: "deposit-daily",
          amount: daily,
          used: depositedToday,
          room: daily - depositedToday,
        });
      }
      depositedToday += amount;
      return null;
    },
    approveWithdrawal() {
      const w = withdrawals.find((x) => x.state === "requested");
      if (!w) return undefined;
      w.state = "paid";
      w.method = "manual";
      w.reference = "FAKE-1";
      w.decidedAt = w.paidAt = new Date().toISOString();
      wallet.pending -= w.amount;
      wallet.balance -= w.amount;
      deps.pushWallet();
      return w;
    },
    handle(method, path, body) {
      if (path === "/api/me/limits" && method === "GET") {
        for (const l of Object.values(limits.limits)) if (l) l.used = depositedToday;
        return Response.json(limits);
      }
      if (path === "/api/me/limits" && method === "PUT") {
        for (const [key, value] of Object.entries(body) as [LimitKey, number | null][]) {
          const old = limits.limits[key]?.amount ?? null;
          limits.limits[key] = old !== null && (value === null || value > old)
            ? {
              amount: old,
              pending: { amount: value, from: new Date(Date.now() + DAY).toISOString() },
              used: 0,
            }
            : value === null
            ? null
            : { amount: value, pending: null, used: 0 };
        }
        return Response.json(limits);
      }
      if (path === "/api/me/time-out" || path === "/api/me/self-exclusion") {
        const until = new Date(Date.now() + Number(body.days) * DAY).toISOString();
        if (path.endsWith("time-out")) limits.timeOutUntil = until;
        else limits.selfExcludedUntil = until;
        return Response.json(limits);
      }
      if (path === "/api/me/reality-check") {
        const check: RealityCheck = {
          since: new Date(Date.now() - fake.playedMinutes * 60_000).toISOString().slice(0, 16),
          minutes: fake.playedMinutes,
          staked: 1500,
          won: 500,
          net: -1000,
        };
        return Response.json(check);
      }
      if (path === "/api/wallet/withdrawals" && method === "GET") {
        return Response.json({ items: [...withdrawals].reverse(), next: null });
      }
      if (path === "/api/wallet/withdrawals" && method === "POST") {
        const amount = Number(body.amount);
        if (amount > wallet.available) {
          return problem(422, "insufficient-funds", "Not enough available");
        }
        const w: Withdrawal = {
          id: crypto.randomUUID(),
          amount,
          currency: "USD",
          state: "requested",
          method: null,
          reference: null,
          failure: null,
          requestedAt: new Date().toISOString(),
          decidedAt: null,
          paidAt: null,
          userId: "fake-user",
        };
        withdrawals.push(w);
        wallet.available -= amount;
        wallet.pending += amount;
        deps.tx("withdrawal", -amount, "Withdrawal");
        deps.pushWallet();
        return Response.json({ withdrawal: w, wallet }, { status: 201 });
      }
      const cancel = /^\/api\/wallet\/withdrawals\/([^/]+)\/cancel$/.exec(path);
      if (cancel) {
        const w = withdrawals.find((x) => x.id === cancel[1]);
        if (!w) return problem(404, "unknown_withdrawal", "No such withdrawal");
        if (w.state !== "requested") {
          return problem(409, "withdrawal_not_cancelable", "Not requested any more");
        }
        w.state = "canceled";
        wallet.available += w.amount;
        wallet.pending -= w.amount;
        deps.tx("withdrawal", w.amount, "Withdrawal canceled");
        deps.pushWallet();
        return Response.json({ withdrawal: w, wallet });
      }
      return null;
    },
  };
  return fake;
}
