/**
 * The betting contract shared by the server, the web app and the tools:
 * markets on each ball, bets, the wallet and its transactions, the request
 * bodies, and the live events that carry them. Amounts are integer minor
 * units (cents) of the market's or wallet's `currency`. Pure rules
 * (parimutuel maths, the state machine, past-posting) live beside it in
 * `core/parimutuel.ts`, `core/market_state.ts` and `core/past_post.ts`.
 *
 * @example
 * ```ts
 * const body = PlaceBetSchema.parse(await req.json());
 * console.log(body.marketId, body.outcome, body.stake);
 * ```
 * @module
 */
import { z } from "zod";

export const MARKET_KINDS = ["strike", "pins-over-under", "spare", "speed-over-under"] as const;
export type MarketKind = (typeof MARKET_KINDS)[number];

export const MARKET_STATES = [
  "open",
  "suspended",
  "determined",
  "finalized",
  "void",
  "disputed",
] as const;
export type MarketState = (typeof MARKET_STATES)[number];

export const BET_STATES = ["open", "won", "lost", "void"] as const;
export type BetState = (typeof BET_STATES)[number];

/** The outcome keys of each kind, in display order. */
export const OUTCOME_KEYS: Readonly<Record<MarketKind, readonly string[]>> = {
  strike: ["yes", "no"],
  spare: ["yes", "no"],
  "pins-over-under": ["over", "under"],
  "speed-over-under": ["over", "under"],
};

/** The largest stake one bet may carry (minor units): $10,000.00. */
export const MAX_STAKE = 1_000_000;
/** The largest sandbox deposit (minor units): $1,000.00. */
export const MAX_SANDBOX_DEPOSIT = 100_000;

/** SSE event names on `GET /api/lanes/{id}/live`. */
export const LIVE_MARKET_EVENT = "market"; // data: Market (opened, suspended, determined, …, pools moved)
export const LIVE_BET_EVENT = "bet"; // data: Bet (the caller's own; with a live ticket only)
/** Several of the caller's bets changed at once (a market settled): data: Bet[]. */
export const LIVE_BETS_EVENT = "bets";
export const LIVE_WALLET_EVENT = "wallet"; // data: Wallet (the caller's own; with a live ticket only)

const Timestamp = z.string().meta({ format: "date-time" });
const Minor = z.number().int().meta({ description: "Integer minor units (cents)" });

export const OutcomeSchema = z.object({
  key: z.string(),
  label: z.string(),
  pool: Minor,
  odds: z.number().nullable().meta({
    description:
      "Indicative decimal odds from the pools (payout per 1 staked); null while the pool is empty",
  }),
  fairProbability: z.number().nullable().meta({
    description:
      "Probability from the bowler's own history (this session and earlier ones); null when unknown",
  }),
}).meta({ id: "MarketOutcome" });

export const MarketBallSchema = z.object({
  sessionId: z.uuid(),
  frame: z.number().int(),
  ball: z.number().int(),
  bowler: z.object({ id: z.uuid(), name: z.string(), position: z.number().int() }),
  standing: z.number().int().meta({ description: "The rack the ball faces (bit i = pin i + 1)" }),
}).meta({ id: "MarketBall" });

export const MarketSchema = z.object({
  id: z.uuid(),
  laneId: z.string(),
  kind: z.enum(MARKET_KINDS),
  state: z.enum(MARKET_STATES),
  version: z.number().int(),
  line: z.number().optional(),
  closesAt: Timestamp.optional().meta({
    description:
      "Never set today: markets close when the bowler starts the approach, not on a clock",
  }),
  currency: z.string(),
  takeoutBps: z.number().int(),
  totalPool: Minor,
  outcomes: z.array(OutcomeSchema),
  ball: MarketBallSchema,
  result: z.string().nullable().meta({ description: "The winning outcome key once determined" }),
  review: z.object({ reason: z.string(), shotId: z.string().nullable() }).nullable().meta({
    description: "Waiting for staff to confirm the result",
  }),
  voidReason: z.string().nullable(),
  openedAt: Timestamp,
  suspendedAt: Timestamp.nullable(),
  determinedAt: Timestamp.nullable(),
  finalizedAt: Timestamp.nullable(),
}).meta({ id: "Market" });

export const BetSchema = z.object({
  id: z.uuid(),
  marketId: z.uuid(),
  outcome: z.string(),
  stake: Minor,
  currency: z.string(),
  state: z.enum(BET_STATES),
  payout: Minor.optional().meta({
    description: "What was paid (0 when lost); absent until settled",
  }),
  voidReason: z.string().optional(),
  marketVersion: z.number().int(),
  placedAt: Timestamp,
  settledAt: Timestamp.nullable(),
  market: z.object({
    kind: z.enum(MARKET_KINDS),
    laneId: z.string(),
    line: z.number().optional(),
    state: z.enum(MARKET_STATES),
    result: z.string().nullable(),
    ball: MarketBallSchema,
  }),
}).meta({ id: "Bet" });

export const WalletSchema = z.object({
  currency: z.string(),
  available: Minor.meta({ description: "What can be bet or withdrawn now" }),
  pending: Minor.meta({ description: "Held for open bets" }),
  balance: Minor.meta({ description: "Posted balance (available + pending)" }),
  demo: z.boolean().meta({
    description: "True while money comes from the sandbox provider: demo money, not real",
  }),
  bettor: z.boolean().meta({ description: "Whether the account may bet (POST /api/me/betting)" }),
}).meta({ id: "Wallet" });

export const TRANSACTION_KINDS = [
  "deposit",
  "stake",
  "stake-returned",
  "payout",
  "refund",
  "clawback",
  "withdrawal",
] as const;

export const WalletTransactionSchema = z.object({
  id: z.string(),
  kind: z.string().meta({ description: TRANSACTION_KINDS.join(", ") }),
  amount: Minor.meta({ description: "Signed, as the wallet sees it: + in, - out" }),
  state: z.enum(["posted", "pending", "void"]).meta({
    description: "pending: a hold for an open bet; void: a hold released",
  }),
  currency: z.string(),
  betId: z.uuid().nullable(),
  marketId: z.uuid().nullable(),
  description: z.string(),
  demo: z.boolean(),
  createdAt: Timestamp,
}).meta({ id: "WalletTransaction" });

// ---- request bodies -------------------------------------------------------

const StakeAmount = z.number().int("Must be a whole number of minor units (cents)")
  .positive("Must be more than 0").max(MAX_STAKE, `Must be at most ${MAX_STAKE}`);

export const PlaceBetSchema = z.strictObject({
  marketId: z.uuid(),
  outcome: z.string().regex(/^[a-z]{2,8}$/, 'Must be an outcome key such as "yes" or "over"'),
  stake: StakeAmount,
  marketVersion: z.number().int().min(1),
  idempotencyKey: z.string().regex(
    /^[A-Za-z0-9:._-]{8,100}$/,
    "Must be 8–100 characters of A–Z, a–z, 0–9, ':', '.', '_' or '-'",
  ),
});
export type PlaceBet = z.infer<typeof PlaceBetSchema>;

export const DepositSchema = z.strictObject({
  amount: z.number().int("Must be a whole number of minor units (cents)").positive(
    "Must be more than 0",
  )
    .max(MAX_SANDBOX_DEPOSIT, `Must be at most ${MAX_SANDBOX_DEPOSIT}`),
  provider: z.enum(["sandbox", "stripe", "paypal"]),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9:._-]{8,100}$/).optional(),
});

export const BecomeBettorSchema = z.strictObject({
  dateOfBirth: z.iso.date(),
  acceptTerms: z.literal(true, "You must accept the terms to bet"),
});

export type Outcome = z.infer<typeof OutcomeSchema>;
export type MarketBall = z.infer<typeof MarketBallSchema>;
export type Market = z.infer<typeof MarketSchema>;
export type Bet = z.infer<typeof BetSchema>;
export type Wallet = z.infer<typeof WalletSchema>;
export type WalletTransaction = z.infer<typeof WalletTransactionSchema>;
