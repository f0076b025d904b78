/**
 * The VOPR's invariants, checked after every step against a snapshot of the
 * database and of what the API shows (read by snapshot.ts). Pure: a list of
 * violations in, nothing thrown, so a fake snapshot tests the checker itself.
 *
 * @example
 * ```ts
 * const violations = checkInvariants(snapshot, model);
 * if (violations.length) throw new Error(violations.join("\n"));
 * ```
 * @module
 */
import { type BetState, type MoneyModel, reckon } from "./model.ts";

export interface AccountRow {
  id: string;
  kind: string;
  owner: string;
  currency: string;
  /** Kept running totals (user accounts). */
  stored: Totals;
  /** The same recomputed from the transfers. */
  recomputed: Totals;
}

export interface Totals {
  debitsPosted: number;
  creditsPosted: number;
  debitsPending: number;
  creditsPending: number;
}

export interface MarketRow {
  id: string;
  /** "lane 2 frame 3 ball 1 strike", for messages. */
  label?: string;
  suspendCaptureMs?: number | null;
  state: string;
  result: string | null;
  determinations: number;
  takeoutBps: number;
  /** Escrow: posted credits − debits, and pending holds into it. */
  escrowPosted: number;
  escrowPending: number;
}

export interface BetRow {
  id: string;
  userId: string;
  marketId: string;
  outcome: string;
  stake: number;
  state: BetState["state"];
  payout: number | null;
  voidReason: string | null;
  /** placed_at in microseconds since the epoch (exact, as a bigint). */
  placedAtUs: bigint;
  /** What became of its hold: still pending, posted, or voided (or missing). */
  hold: "pending" | "posted" | "voided" | "missing";
  /** Σ amounts to the bettor for this bet, by code (payout, refund), and from them (clawback). */
  paid: number;
  refunded: number;
  clawedBack: number;
  /** Paid in house shortfall instead of claw back (stays with the bettor). */
  shortfall: number;
  /** The most payout transfers of one determination (must be ≤ 1). */
  maxPayoutsPerDetermination: number;
}

export interface Snapshot {
  /** The server's own ledger check, when it has one. */
  ledger: { ok: boolean; violations: unknown[] } | null;
  accounts: AccountRow[];
  markets: MarketRow[];
  bets: BetRow[];
  /** GET /api/wallet of each bettor. */
  wallets: Map<string, { available: number; pending: number }>;
  /** Each withdrawal's state (none before withdrawals exist). */
  withdrawals?: Map<string, string>;
}

/** The harness's own knowledge of each market's cutoff (ms), when the server has been told it. */
export type Cutoffs = ReadonlyMap<string, number>;

const SETTLED = new Set(["determined", "finalized", "disputed"]);
const isPastPostVoid = (b: BetRow) => b.state === "void" && /past/.test(b.voidReason ?? "");

export function checkInvariants(s: Snapshot, model: MoneyModel, cutoffs: Cutoffs): string[] {
  const out: string[] = [];
  if (s.ledger && !s.ledger.ok) {
    out.push(`ledger check failed: ${JSON.stringify(s.ledger.violations).slice(0, 800)}`);
  }
  checkAccounts(s, out);
  const betsByMarket = new Map<string, BetRow[]>();
  const markets = new Map(s.markets.map((m) => [m.id, m]));
  for (const b of s.bets) {
    const list = betsByMarket.get(b.marketId) ?? [];
    list.push(b);
    betsByMarket.set(b.marketId, list);
    checkBet(b, out);
    checkCutoff(b, cutoffs.get(b.marketId), markets.get(b.marketId), out);
  }
  for (const m of s.markets) checkMarket(m, betsByMarket.get(m.id) ?? [], out);
  checkModel(s, model, out);
  return out;
}

function checkAccounts(s: Snapshot, out: string[]) {
  const net = new Map<string, number>();
  for (const a of s.accounts) {
    const r = a.recomputed;
    net.set(a.currency, (net.get(a.currency) ?? 0) + r.creditsPosted - r.debitsPosted);
    if (a.kind !== "user") continue;
    const k = a.stored;
    if (
      k.debitsPosted !== r.debitsPosted || k.creditsPosted !== r.creditsPosted ||
      k.debitsPending !== r.debitsPending || k.creditsPending !== r.creditsPending
    ) {
      out.push(
        `user account ${a.owner}: kept totals ${JSON.stringify(k)} ≠ transfers ${
          JSON.stringify(r)
        }`,
      );
    }
    const available = k.creditsPosted - k.debitsPosted - k.debitsPending;
    if (available < 0) out.push(`user account ${a.owner}: available ${available} < 0`);
  }
  for (const [currency, sum] of net) {
    if (sum !== 0) out.push(`currency ${currency} sums to ${sum}, not 0`);
  }
}

function checkBet(b: BetRow, out: string[]) {
  const where = `bet ${b.id} (${b.state}, stake ${b.stake})`;
  const want: Record<BetRow["state"], BetRow["hold"][]> = {
    // Posted already when its market suspended (server/markets/post_stakes.ts).
    open: ["pending", "posted"],
    won: ["posted"],
    lost: ["posted"],
    void: ["voided", "posted"],
  };
  if (!want[b.state].includes(b.hold)) out.push(`${where}: its hold is ${b.hold}`);
  // A bet void after its stake was posted must have had the stake back.
  if (b.state === "void" && b.hold === "posted" && b.refunded !== b.stake) {
    out.push(`${where}: posted, void, but refunded ${b.refunded}`);
  }
  if (b.state !== "void" && b.refunded !== 0) out.push(`${where}: refunded ${b.refunded}`);
  if (b.maxPayoutsPerDetermination > 1) {
    out.push(`${where}: paid ${b.maxPayoutsPerDetermination} times in one determination`);
  }
  // What reached the bettor for it, net of claw backs, is its payout (0 when void or open).
  const kept = b.paid - b.clawedBack - b.shortfall;
  const expected = b.state === "won" || b.state === "lost" ? b.payout ?? -1 : 0;
  if (kept !== expected) {
    out.push(
      `${where}: payout ${b.payout} but paid ${b.paid} − clawed back ${b.clawedBack} − shortfall ${b.shortfall}`,
    );
  }
  if ((b.state === "won" || b.state === "lost") !== (b.payout !== null)) {
    out.push(`${where}: payout ${b.payout}`);
  }
}

function checkCutoff(
  b: BetRow,
  cutoffMs: number | undefined,
  m: MarketRow | undefined,
  out: string[],
) {
  if (cutoffMs === undefined) return;
  const where = m
    ? ` (market ${m.id} ${m.label ?? ""} ${m.state}, its suspend_capture_ms ${m.suspendCaptureMs})`
    : "";
  const late = b.placedAtUs >= BigInt(cutoffMs) * 1000n;
  if (late && b.state !== "void") {
    out.push(
      `bet ${b.id} placed at ${b.placedAtUs} µs, at/after its market's cutoff ${cutoffMs} ms, is ${b.state}${where}`,
    );
  }
  if (!late && isPastPostVoid(b)) {
    out.push(
      `bet ${b.id} placed at ${b.placedAtUs} µs, before the cutoff ${cutoffMs} ms, was voided as past-posted${where}`,
    );
  }
}

function checkMarket(m: MarketRow, bets: BetRow[], out: string[]) {
  const where = `market ${m.id} (${m.state})`;
  const open = bets.filter((b) => b.state === "open");
  if (SETTLED.has(m.state) || m.state === "void") {
    if (m.escrowPosted !== 0 || m.escrowPending !== 0) {
      out.push(`${where}: escrow not empty (posted ${m.escrowPosted}, pending ${m.escrowPending})`);
    }
    if (open.length) out.push(`${where}: ${open.length} bets still open`);
  } else {
    const stakes = (hold: BetRow["hold"]) =>
      open.filter((b) => b.hold === hold).reduce((s, b) => s + b.stake, 0);
    if (m.escrowPosted !== stakes("posted") || m.escrowPending !== stakes("pending")) {
      out.push(
        `${where}: escrow posted ${m.escrowPosted}, pending ${m.escrowPending} ≠ open stakes ` +
          `posted ${stakes("posted")}, held ${stakes("pending")}`,
      );
    }
    const settled = bets.filter((b) => b.state === "won" || b.state === "lost");
    if (settled.length) out.push(`${where}: ${settled.length} bets settled already`);
  }
  if (m.state === "void") {
    const alive = bets.filter((b) => b.state !== "void");
    if (alive.length) out.push(`${where}: ${alive.length} bets not void`);
  }
  if (!SETTLED.has(m.state)) return;
  // Recompute what it must pay from the bets that were in it (all but the past-posted).
  const inPool = bets.filter((b) => !isPastPostVoid(b));
  const r = reckon(inPool, m.result, m.takeoutBps);
  for (const b of inPool) {
    if (r.kind === "refund") {
      if (b.state !== "void") {
        out.push(`${where} (result ${m.result}): must refund, bet ${b.id} is ${b.state}`);
      }
      continue;
    }
    const p = r.payouts.get(b.id)!;
    const state = b.outcome === m.result ? "won" : "lost";
    if (b.state !== state || b.payout !== p) {
      out.push(
        `${where} (result ${m.result}): bet ${b.id} on ${b.outcome} × ${b.stake} is ${b.state} ` +
          `paid ${b.payout}, expected ${state} paid ${p}`,
      );
    }
  }
}

function checkModel(s: Snapshot, model: MoneyModel, out: string[]) {
  const states = new Map(s.bets.map((b) => [b.id, b]));
  const shortfalls = new Map(s.bets.filter((b) => b.shortfall).map((b) => [b.id, b.shortfall]));
  const known = new Set<string>();
  for (const bet of model.bets()) known.add(bet.id);
  for (const b of s.bets) {
    if (!known.has(b.id)) {
      out.push(`bet ${b.id} of ${b.userId} exists but the API never accepted it`);
    }
  }
  for (const userId of model.users()) {
    const wallet = s.wallets.get(userId);
    if (!wallet) {
      out.push(`no wallet read for ${userId}`);
      continue;
    }
    let want: { available: number; pending: number };
    try {
      want = model.expectedWallet(userId, states, shortfalls, s.withdrawals);
    } catch (err) {
      out.push((err as Error).message);
      continue;
    }
    if (want.available !== wallet.available || want.pending !== wallet.pending) {
      out.push(
        `wallet of ${userId}: API shows available ${wallet.available}, pending ${wallet.pending}; ` +
          `the model expects ${want.available}, ${want.pending}`,
      );
    }
    const debt = s.accounts.find((a) => a.kind === "debt" && a.owner === userId);
    const owed = debt ? debt.recomputed.debitsPosted - debt.recomputed.creditsPosted : 0;
    if (owed !== model.debtOf(userId)) {
      out.push(
        `debt of ${userId}: the ledger shows ${owed}, the model expects ${model.debtOf(userId)}`,
      );
    }
  }
}
