/**
 * The VOPR's operations and the seeded generator that draws them. Pure: an
 * operation is plain data (printed in a failing run's trace), chosen from a
 * small `View` of the world by a generator seeded with (seed, step), so the
 * same seed walks the same path as long as the server answers the same way.
 *
 * @example
 * ```ts
 * const op = nextOp(createPrng(seed, step), view);
 * console.log(describeOp(op));
 * ```
 * @module
 */
import type { Prng } from "../../../core/prng.ts";

/** How a bet request is made wrong on purpose (each must be refused with a 4xx, money untouched). */
export const BAD_BETS = [
  "negative-stake",
  "zero-stake",
  "fractional-stake",
  "huge-stake",
  "string-stake",
  "unknown-outcome",
  "unknown-market",
  "bad-key",
  "extra-field",
  "signed-out",
  "staff",
  "spectator",
] as const;
export type BadBet = (typeof BAD_BETS)[number];

export interface BetIntent {
  /** Index of the bettor. */
  user: number;
  market: string;
  outcome: string;
  stake: number;
  /** The market's version as last seen, or one before it (stale). */
  version: "current" | "stale";
  /** A new idempotency key, an earlier key with the earlier body, or an earlier key with another body. */
  key: "fresh" | "reuse-same" | "reuse-other";
  bad?: BadBet;
}

/**
 * Where a ball's cutoff (its approach capture time) falls, relative to the
 * bets already accepted on its markets: `now` after all of them, `exact` on
 * one bet's placed_at millisecond (that bet is past-posted), `after` one
 * millisecond later (it stands), `late` before some of them (the event
 * arrives after bets that were placed after the bowler moved).
 */
export type CutoffMode = "now" | "exact" | "after" | "late";

export interface BallEvents {
  cutoff: CutoffMode;
  /** Index (from the drawn fraction) of the bet the cutoff is placed on. */
  pick: number;
  /** Send the live `approach` event (else only `release`, or nothing when `release` is false too). */
  approach: boolean;
  release: boolean;
  /** `release` arrives before `approach`. */
  releaseFirst: boolean;
  /** Each event is sent twice (the same id). */
  duplicate: boolean;
  /**
   * First a stale `approach` of the previous ball arrives (captured before this ball's rack was
   * ready: a resend that was lost the first time).
   */
  stale: boolean;
}

export type Op =
  | { kind: "deposit"; user: number; amount: number; reuseKey: boolean; bad: boolean }
  | { kind: "bets"; bets: BetIntent[] }
  | { kind: "rack-ready"; lane: string }
  | { kind: "ball-events"; lane: string; events: BallEvents; bets: BetIntent[] }
  | {
    kind: "shot";
    lane: string;
    sure: boolean;
    /** Fraction used to choose the pins left standing among those the ball faced. */
    pins: number;
    foul: boolean;
    /** Launch speed, or null (no speed measured: speed markets void). */
    speed: number | null;
    /** The shot's report sent twice. */
    duplicate: boolean;
  }
  | { kind: "drain" }
  | { kind: "crash"; where: "bet" | "settle"; bet: BetIntent | null }
  | { kind: "correction"; ball: number; pins: number; foul: boolean }
  | { kind: "staff-void"; market: string }
  | { kind: "staff-suspend"; market: string }
  | { kind: "review"; shot: string; action: "confirm" | "override" | "void"; pins: number }
  | { kind: "finalize" }
  | { kind: "dispute"; market: string; resolve: "same" | "other" | "void" }
  | { kind: "someone-elses-bet"; user: number; bet: string }
  | {
    kind: "provider-deposit";
    user: number;
    amount: number;
    delivery: "once" | "duplicate" | "failed-first" | "failed-after";
    crash: boolean;
  }
  | { kind: "withdraw"; user: number; fraction: number; crash: boolean }
  | { kind: "withdrawal-step"; id: string; action: "approve" | "reject" | "mark-paid" | "cancel" }
  | {
    kind: "provider-refund";
    payment: string;
    fraction: number;
    dispute: boolean;
    replay: boolean;
    crash: boolean;
  };

/** What the generator may look at. */
export interface View {
  /** Available money of each bettor, as the model expects it. */
  available: readonly number[];
  lanes: readonly LaneView[];
  /** Markets bets may be aimed at (open or not: bets on closed ones are refused). */
  markets: readonly MarketView[];
  /** Bet ids, with their owner's index (for "someone else's bet"). */
  bets: readonly { id: string; user: number }[];
  /** Recorded balls that decided at least one market (for corrections). */
  settledBalls: number;
  /** Shots waiting for staff review. */
  reviews: readonly string[];
  /** Bets whose idempotency key a request may reuse. */
  keys: number;
  /** Whether settlement and the finalizer exist on this server (they land in parts). */
  settles: boolean;
  /** Draw stale approach events of a previous ball (off by default: see the VOPR's report). */
  staleEvents?: boolean;
  /** Provider deposits with money left that the provider could take back. */
  payments?: readonly string[];
  /** Withdrawals still held (requested or approved). */
  withdrawals?: readonly string[];
}

export type LanePhase = "idle" | "open" | "thrown" | "shot" | "review";

export interface LaneView {
  id: string;
  phase: LanePhase;
}

export interface MarketView {
  id: string;
  laneId: string;
  state: string;
  outcomes: readonly string[];
}

const STAKES = [100, 200, 250, 500, 1000, 2000, 5000] as const;

/** A stake: mostly small, sometimes the whole balance or more. */
function drawStake(rng: Prng, available: number): number {
  const r = rng.next();
  if (r < 0.08 && available > 0) return available; // all in
  if (r < 0.14) return available + rng.int(1, 500); // more than there is
  if (r < 0.2) return rng.int(1, 99); // odd amounts make rounding bite
  return rng.pick(STAKES);
}

export function drawBet(rng: Prng, view: View, market: MarketView | null): BetIntent {
  const user = rng.int(0, view.available.length - 1);
  const m = market ?? (view.markets.length ? rng.pick(view.markets) : null);
  const intent: BetIntent = {
    user,
    market: m?.id ?? "00000000-0000-4000-8000-000000000000",
    outcome: m ? rng.pick(m.outcomes) : "yes",
    stake: drawStake(rng, view.available[user]),
    version: rng.chance(0.08) ? "stale" : "current",
    key: view.keys > 0 && rng.chance(0.1)
      ? (rng.chance(0.5) ? "reuse-same" : "reuse-other")
      : "fresh",
  };
  if (!m || rng.chance(0.07)) intent.bad = rng.pick(BAD_BETS);
  return intent;
}

/** Several bets at once, mostly on one market so they race for its pools and their bettors' money. */
function drawBets(rng: Prng, view: View, n: number): BetIntent[] {
  const open = view.markets.filter((m) => m.state === "open");
  const focus = open.length ? rng.pick(open) : null;
  const bets: BetIntent[] = [];
  for (let i = 0; i < n; i++) {
    bets.push(drawBet(rng, view, focus && rng.chance(0.7) ? focus : null));
  }
  return bets;
}

function drawEvents(rng: Prng, staleEvents: boolean): BallEvents {
  const release = !rng.chance(0.08); // both live events lost: the shot alone suspends
  return {
    cutoff: rng.weighted([["now", 3], ["exact", 3], ["after", 2], ["late", 3]] as const),
    pick: rng.next(),
    approach: release ? !rng.chance(0.2) : false,
    release,
    releaseFirst: rng.chance(0.25),
    duplicate: rng.chance(0.3),
    stale: rng.chance(0.1) && staleEvents,
  };
}

/** The next operation. Lanes that wait for their next step are served first, often. */
export function nextOp(rng: Prng, view: View): Op {
  const byPhase = (p: LanePhase) => view.lanes.filter((l) => l.phase === p);
  const idle = byPhase("idle");
  const open = byPhase("open");
  const thrown = byPhase("thrown");
  const shot = byPhase("shot");
  const settles = view.settles;

  const choices: [() => Op, number][] = [
    [() => ({ kind: "bets", bets: drawBets(rng, view, rng.int(1, 6)) }), open.length ? 30 : 3],
    [() => ({
      kind: "deposit",
      user: rng.int(0, view.available.length - 1),
      amount: rng.pick([500, 1000, 2500, 10_000, 50_000]),
      reuseKey: rng.chance(0.15),
      bad: rng.chance(0.1),
    }), 6],
    [() => ({ kind: "rack-ready", lane: rng.pick(idle).id }), idle.length ? 14 : 0],
    [() => {
      const lane = rng.pick(open).id;
      const racing = rng.chance(0.4) ? drawBets(rng, view, rng.int(1, 4)) : [];
      return {
        kind: "ball-events",
        lane,
        events: drawEvents(rng, view.staleEvents ?? false),
        bets: racing,
      };
    }, open.length ? 10 : 0],
    [() => ({
      kind: "shot",
      lane: rng.pick(thrown).id,
      sure: !rng.chance(0.15),
      pins: rng.next(),
      foul: rng.chance(0.05),
      speed: rng.chance(0.1) ? null : Math.round(rng.uniform(12, 22) * 10) / 10,
      duplicate: rng.chance(0.1),
    }), thrown.length ? 10 : 0],
    [() => ({ kind: "drain" }), shot.length ? 12 : 2],
    [() => ({
      kind: "crash",
      where: "bet",
      bet: open.length ? drawBet(rng, view, null) : null,
    }), 2],
    // Settlement killed mid-way, then re-drained: while a shot waits to be settled.
    [() => ({ kind: "crash", where: "settle", bet: null }), settles && shot.length ? 5 : 0],
    [() => ({
      kind: "correction",
      ball: rng.int(0, view.settledBalls - 1),
      pins: rng.next(),
      foul: rng.chance(0.1),
    }), settles && view.settledBalls ? 3 : 0],
    [
      () => ({ kind: "staff-void", market: rng.pick(view.markets).id }),
      view.markets.length ? 2 : 0,
    ],
    [
      () => ({ kind: "staff-suspend", market: rng.pick(view.markets).id }),
      view.markets.length ? 1 : 0,
    ],
    [() => ({
      kind: "review",
      shot: rng.pick(view.reviews),
      action: rng.weighted([["confirm", 3], ["override", 2], ["void", 1]] as const),
      pins: rng.next(),
    }), view.reviews.length ? 8 : 0],
    [() => ({ kind: "finalize" }), settles ? 3 : 0],
    [() => ({
      kind: "dispute",
      market: rng.pick(view.markets.filter((m) => m.state === "determined")).id,
      resolve: rng.weighted([["same", 1], ["other", 2], ["void", 1]] as const),
    }), settles && view.markets.some((m) => m.state === "determined") ? 3 : 0],
    [() => ({
      kind: "provider-deposit",
      user: rng.int(0, view.available.length - 1),
      amount: rng.pick([300, 1000, 2500, 10_000]),
      delivery: rng.weighted(
        [["once", 4], ["duplicate", 2], ["failed-first", 1], ["failed-after", 1]] as const,
      ),
      crash: rng.chance(0.2),
    }), 4],
    [() => ({
      kind: "provider-refund",
      payment: rng.pick(view.payments ?? []),
      fraction: rng.pick([0.25, 0.5, 1]),
      dispute: rng.chance(0.3),
      replay: rng.chance(0.3),
      crash: rng.chance(0.2),
    }), view.payments?.length ? 3 : 0],
    [() => ({
      kind: "withdraw",
      user: rng.int(0, view.available.length - 1),
      fraction: rng.pick([0.1, 0.5, 1, 1.2]),
      crash: rng.chance(0.2),
    }), 3],
    [() => ({
      kind: "withdrawal-step",
      id: rng.pick(view.withdrawals ?? []),
      action: rng.weighted(
        [["approve", 3], ["reject", 1], ["mark-paid", 2], ["cancel", 1]] as const,
      ),
    }), view.withdrawals?.length ? 4 : 0],
    [() => {
      const bet = rng.pick(view.bets);
      const others = view.available.map((_, i) => i).filter((i) => i !== bet.user);
      return { kind: "someone-elses-bet", user: rng.pick(others), bet: bet.id };
    }, view.bets.length && view.available.length > 1 ? 1 : 0],
  ];
  return rng.weighted(choices.filter(([, w]) => w > 0))();
}

/** One line for the trace. */
export function describeOp(op: Op): string {
  const bet = (b: BetIntent) =>
    `u${b.user}→${b.market.slice(0, 8)}:${b.outcome}×${b.stake}` +
    `${b.version === "stale" ? " stale" : ""}${b.key === "fresh" ? "" : ` ${b.key}`}` +
    `${b.bad ? ` bad:${b.bad}` : ""}`;
  switch (op.kind) {
    case "bets":
      return `bets [${op.bets.map(bet).join(", ")}]`;
    case "ball-events": {
      const e = op.events;
      const sent = [e.approach && "approach", e.release && "release"].filter(Boolean).join("+");
      return `ball-events lane ${op.lane} cutoff=${e.cutoff}@${e.pick.toFixed(3)} ` +
        `${sent || "none"}${e.releaseFirst ? " release-first" : ""}${e.duplicate ? " dup" : ""}` +
        `${e.stale ? " after-a-stale-approach" : ""}` +
        (op.bets.length ? ` racing [${op.bets.map(bet).join(", ")}]` : "");
    }
    case "crash":
      return `crash in ${op.where}${op.bet ? ` (${bet(op.bet)})` : ""}`;
    default: {
      const { kind, ...rest } = op;
      return `${kind} ${JSON.stringify(rest)}`;
    }
  }
}
