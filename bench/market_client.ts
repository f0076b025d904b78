/**
 * The betting side of Lanecast as the markets benchmark meets it over HTTP:
 * bettor accounts (sign up, become a bettor, sandbox money), bets, live
 * tickets, the admin's session and ledger check, and the sidecar's live
 * events and shot reports on a lane (inference key), as `inference/` sends
 * them.
 */
import type { LaneEventType } from "../core/lane_events.ts";
import type { Market } from "../core/markets.ts";
import type { ShotReport } from "../core/shot_report.ts";
import { signupConfirmed } from "../server/users/signup_client.ts";
import { createHttp1, type Http1 } from "./http1.ts";

export interface Caller {
  id: string;
  token: string;
}

export class HttpProblem extends Error {
  constructor(readonly status: number, readonly body: string, what: string) {
    super(`${what}: ${status} ${body.slice(0, 300)}`);
  }
}

export function createMarketClient(baseUrl: string, inferenceKey: string) {
  const api = `${baseUrl}/api`;

  async function call<T>(
    what: string,
    method: string,
    path: string,
    o: { token?: string; body?: unknown; headers?: Record<string, string>; ok?: number[] } = {},
  ): Promise<T> {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: {
        ...(o.body === undefined ? {} : { "content-type": "application/json" }),
        ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        ...o.headers,
      },
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
    });
    const text = await res.text();
    if (!(o.ok ?? [200, 201]).includes(res.status)) throw new HttpProblem(res.status, text, what);
    return (text ? JSON.parse(text) : null) as T;
  }

  const inference = { authorization: `Bearer ${inferenceKey}` };

  return {
    call,

    async login(email: string, password: string): Promise<Caller> {
      const r = await call<{ user: { id: string }; accessToken: string }>(
        "login",
        "POST",
        "/auth/login",
        { body: { email, password } },
      );
      return { id: r.user.id, token: r.accessToken };
    },

    /**
     * A new bettor with `deposits` sandbox deposits of `amount` each (`admin`
     * reads the mailed sign-up link). Sign-ups
     * are throttled per client address, so each comes from its own
     * (`X-Forwarded-For`, with TRUST_PROXY on: the server behind one proxy).
     */
    async bettor(
      n: number,
      tag: string,
      deposits: number,
      amount: number,
      admin: Caller,
    ): Promise<Caller> {
      const forwarded = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      // Sign-up mails a link (held for admins here); the admin reads it and confirms.
      const signup = await signupConfirmed(
        baseUrl,
        {
          email: `bettor-${tag}-${n}@bench.lanecast`,
          password: `bench-password-${n}-0123`,
          displayName: `Bettor ${n}`,
        },
        { token: admin.token },
        {
          headers: { "x-forwarded-for": forwarded },
          refreshTokenInBody: true,
        },
      );
      await call("become a bettor", "POST", "/me/betting", {
        token: signup.accessToken,
        body: { dateOfBirth: "1990-01-01", acceptTerms: true },
      });
      // The role changed: a refreshed access token carries it.
      const { accessToken: token } = await call<{ accessToken: string }>(
        "refresh",
        "POST",
        "/auth/refresh",
        { body: { refreshToken: signup.refreshToken } },
      );
      for (let i = 0; i < deposits; i++) {
        await call("deposit", "POST", "/wallet/deposits", {
          token,
          body: { amount, provider: "sandbox", idempotencyKey: `bench-deposit-${tag}-${n}-${i}` },
        });
      }
      return { id: signup.user.id, token };
    },

    /**
     * One client's kept-alive connection for placing bets, one at a time, as
     * a bettor's browser does: `POST /api/bets` with their access token and an
     * idempotency key. `placeBet` answers the status (201 accepted) and, when
     * accepted, the bet id.
     */
    betLine(how: "raw" | "fetch" = "raw"): BetLine {
      const http = how === "raw" ? createHttp1(baseUrl) : fetchHttp(baseUrl);
      return {
        async placeBet(who, m, outcome, stake, key) {
          const { status, body } = await http.request(
            "POST",
            "/api/bets",
            {
              "content-type": "application/json",
              authorization: `Bearer ${who.token}`,
            },
            JSON.stringify({
              marketId: m.id,
              outcome,
              stake,
              marketVersion: m.version,
              idempotencyKey: key,
            }),
          );
          let answer: { bet?: { id?: string }; code?: string } | null = null;
          try {
            answer = JSON.parse(body);
          } catch { /* not JSON */ }
          return { status, betId: answer?.bet?.id, code: answer?.code };
        },
        close: () => http.close(),
      };
    },

    async market(id: string): Promise<Market> {
      return (await call<{ market: Market }>("market", "GET", `/markets/${id}`)).market;
    },

    async markets(laneId: string): Promise<Market[]> {
      return (await call<{ markets: Market[] }>("lane markets", "GET", `/lanes/${laneId}/markets`))
        .markets;
    },

    /** A single-use ticket for the live feed with the caller's own `bet`/`wallet` events. */
    async ticket(who: Caller): Promise<string> {
      return (await call<{ ticket: string }>("live ticket", "POST", "/live/tickets", {
        token: who.token,
      })).ticket;
    },

    liveUrl(laneId: string, ticket?: string): string {
      return `${api}/lanes/${laneId}/live${ticket ? `?ticket=${encodeURIComponent(ticket)}` : ""}`;
    },

    /** How many of the caller's bets are still open (first page is enough to tell 0). */
    async openBets(who: Caller): Promise<number> {
      const r = await call<{ bets: unknown[] }>("open bets", "GET", "/bets?status=open&limit=100", {
        token: who.token,
      });
      return r.bets.length;
    },

    async ledgerCheck(admin: Caller): Promise<{ ok: boolean; violations: unknown[] }> {
      return await call("ledger check", "GET", "/admin/ledger/check", { token: admin.token });
    },

    async openSession(admin: Caller, laneId: string, bowlers: string[]): Promise<{ id: string }> {
      return await call("open session", "POST", `/lanes/${laneId}/sessions`, {
        token: admin.token,
        body: { bowlers: bowlers.map((name) => ({ name })) },
      });
    },

    async sheet(laneId: string): Promise<{ id: string; complete: boolean } | null> {
      return await call<{ id: string; complete: boolean }>(
        "sheet",
        "GET",
        `/lanes/${laneId}/session`,
      )
        .catch((err) => {
          if (err instanceof HttpProblem && err.status === 404) return null;
          throw err;
        });
    },

    /** One live event as the sidecar sends it (captured now unless told). */
    async event(
      laneId: string,
      type: LaneEventType,
      extra: { captureTimeMs?: number; standing?: number } = {},
    ): Promise<number> {
      const captureTimeMs = Math.round(extra.captureTimeMs ?? Date.now());
      await call(`${type} event`, "POST", "/inference/events", {
        headers: inference,
        body: {
          id: `${laneId}-${type}-${captureTimeMs}`,
          laneId,
          type,
          captureTimeMs,
          confidence: 0.99,
          model: "bench@1",
          models: { bench: "bench@1" },
          ...(extra.standing === undefined ? {} : { standing: extra.standing }),
        },
      });
      return captureTimeMs;
    },

    /** A sure shot report (the pins and foul line read with high confidence). */
    async shot(laneId: string, report: ShotReport): Promise<void> {
      await call("shot report", "POST", `/inference/lanes/${laneId}/shots`, {
        headers: inference,
        body: report,
      });
    },
  };
}

export type MarketClient = ReturnType<typeof createMarketClient>;

/** The same requests through `fetch` (the benchmark's client before the raw one; `--client fetch`). */
function fetchHttp(baseUrl: string): Http1 {
  return {
    async request(method, path, headers, body) {
      const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
      return { status: res.status, body: await res.text() };
    },
    close() {},
  };
}

/** See {@linkcode MarketClient.betLine}. */
export interface BetLine {
  placeBet(
    who: Caller,
    m: Pick<Market, "id" | "version">,
    outcome: string,
    stake: number,
    key: string,
  ): Promise<{ status: number; betId?: string; code?: string }>;
  close(): void;
}

/** A sure shot of a ball released at `releaseMs`, leaving `standing`. */
export function benchShot(id: string, releaseMs: number, pinfallMs: number, standing: number) {
  const probabilities = Array.from({ length: 10 }, (_, i) => (standing >> i) & 1 ? 0.999 : 0.001);
  return {
    id,
    events: [
      { type: "release" as const, captureTimeMs: releaseMs, confidence: 0.97, model: "bench@1" },
      { type: "pinfall" as const, captureTimeMs: pinfallMs, confidence: 0.995, model: "bench@1" },
    ],
    metrics: {
      launchSpeedMph: 17.2,
      entrySpeedMph: 15.1,
      arrowsBoard: 12.4,
      breakpointBoard: 8.1,
      breakpointFt: 41.5,
      entryBoard: 17.5,
      entryAngleDeg: 5.2,
    },
    path: [{ captureTimeMs: releaseMs + 100, board: 13.2, ft: 2.4 }],
    standingBefore: 1023,
    standing,
    pinProbabilities: probabilities,
    pinConfidence: 0.995,
    trackConfidence: 0.9,
    foul: false,
    foulConfidence: 0.996,
    gutter: false,
    models: { ball: "bench@1", pins: "bench@1", foul: "bench@1" },
  } satisfies ShotReport;
}
