-- The money half: a double-entry ledger (integer minor units), bettors,
-- in-play markets on each ball, and bets (each a pending hold from the
-- bettor to the market's escrow). Transfers are never changed or deleted:
-- a hold is resolved by a later `post` or `void` transfer, at most once, and
-- a correction is a new transfer.

create table ledger_accounts (
  id bigint generated always as identity primary key,
  kind text not null
    constraint ledger_accounts_kind check (kind in ('user', 'house', 'escrow', 'takeout', 'breakage', 'clearing')),
  -- user: the user's id; escrow: the market's id; clearing: the payment provider; '' otherwise.
  owner text not null default ''
    constraint ledger_accounts_owner_length check (char_length(owner) <= 64),
  currency text not null
    constraint ledger_accounts_currency check (currency ~ '^[A-Z]{3}$'),
  -- Running totals, kept for user accounts only: a bet locks its bettor's row
  -- and checks the available balance there. System accounts (an escrow takes
  -- every bet of its market) keep none, so no hot row serialises bets; their
  -- balances are summed from the transfers when needed.
  debits_posted bigint not null default 0,
  credits_posted bigint not null default 0,
  debits_pending bigint not null default 0,
  credits_pending bigint not null default 0,
  created_at timestamptz not null default now(),
  constraint ledger_accounts_once unique (kind, owner, currency),
  constraint ledger_accounts_totals check (
    debits_posted >= 0 and credits_posted >= 0 and debits_pending >= 0 and credits_pending >= 0
  ),
  -- A user's available balance (credits - debits - pending debits) never goes below 0.
  constraint ledger_accounts_user_available check (
    kind <> 'user' or credits_posted - debits_posted - debits_pending >= 0
  )
);

create table ledger_transfers (
  -- Chosen by the caller (e.g. "stake:<bet id>"): a transfer is applied at most once.
  id text primary key
    constraint ledger_transfers_id_shape check (id ~ '^[A-Za-z0-9:._-]{1,160}$'),
  -- Order of writing, for paging a wallet's history.
  seq bigint generated always as identity unique,
  -- single: posted at once; pending: a hold; post / void: resolves the hold `pending_id`.
  type text not null
    constraint ledger_transfers_type check (type in ('single', 'pending', 'post', 'void')),
  pending_id text references ledger_transfers (id),
  debit_account_id bigint not null references ledger_accounts (id),
  credit_account_id bigint not null references ledger_accounts (id),
  amount bigint not null
    constraint ledger_transfers_amount check (amount > 0),
  currency text not null
    constraint ledger_transfers_currency check (currency ~ '^[A-Z]{3}$'),
  -- Why: deposit, stake, payout, refund, takeout, breakage, clawback, shortfall, …
  code text not null
    constraint ledger_transfers_code check (code ~ '^[a-z][a-z_-]{0,31}$'),
  market_id uuid,
  bet_id uuid,
  memo jsonb not null default '{}'
    constraint ledger_transfers_memo_object check (jsonb_typeof(memo) = 'object'),
  created_at timestamptz not null default now(),
  constraint ledger_transfers_two_accounts check (debit_account_id <> credit_account_id),
  constraint ledger_transfers_resolves check ((type in ('post', 'void')) = (pending_id is not null))
);
-- A hold is posted or voided exactly once.
create unique index ledger_transfers_resolve_once on ledger_transfers (pending_id)
  where pending_id is not null;
create index ledger_transfers_debit on ledger_transfers (debit_account_id, seq desc);
create index ledger_transfers_credit on ledger_transfers (credit_account_id, seq desc);
create index ledger_transfers_market on ledger_transfers (market_id) where market_id is not null;

-- A spectator becomes a bettor by giving a date of birth and accepting the terms.
create table bettor_profiles (
  user_id uuid primary key references users (id) on delete cascade,
  date_of_birth date not null,
  terms_version text not null
    constraint bettor_profiles_terms_version check (char_length(terms_version) between 1 and 40),
  accepted_at timestamptz not null default now()
);

-- One market per (ball, kind): the ball is the bowler's `frame`/`ball` of a session.
-- State: open → suspended → determined → finalized, or void, or disputed
-- (a determined market staff hold back from finalizing). Every change of
-- state or terms bumps `version`; money flowing into the pools does not.
create table markets (
  id uuid primary key default gen_random_uuid(),
  lane_id text not null references lanes (id),
  session_id uuid not null references bowling_sessions (id),
  bowler_id uuid not null references session_bowlers (id),
  frame smallint not null
    constraint markets_frame check (frame between 1 and 10),
  ball smallint not null
    constraint markets_ball check (ball between 1 and 3),
  kind text not null
    constraint markets_kind check (kind in ('strike', 'pins-over-under', 'spare', 'speed-over-under')),
  -- Over/under markets: the line (e.g. 7.5 pins, 16.5 mph).
  line double precision,
  -- The rack the ball faces (bit i = pin i + 1).
  standing smallint not null
    constraint markets_standing check (standing between 0 and 1023),
  state text not null default 'open'
    constraint markets_state check (state in ('open', 'suspended', 'determined', 'finalized', 'void', 'disputed')),
  version integer not null default 1
    constraint markets_version check (version >= 1),
  currency text not null
    constraint markets_currency check (currency ~ '^[A-Z]{3}$'),
  takeout_bps integer not null
    constraint markets_takeout check (takeout_bps between 0 and 10000),
  -- Fair probability of each outcome from the bowler's history, when opened.
  fair jsonb not null default '{}'
    constraint markets_fair_object check (jsonb_typeof(fair) = 'object'),
  -- The winning outcome key once determined.
  result text,
  -- How many times it has been determined (a correction re-determines it).
  determinations integer not null default 0,
  -- The shot that decided it (or waits for review), and why it waits.
  shot_id text,
  review_reason text
    constraint markets_review_reason_shape check (review_reason ~ '^[a-z][a-z_-]{0,39}$'),
  -- Capture time (ms) of the approach / release event that suspended it.
  suspend_capture_ms bigint,
  void_reason text
    constraint markets_void_reason_length check (char_length(void_reason) between 1 and 500),
  opened_at timestamptz not null default now(),
  suspended_at timestamptz,
  determined_at timestamptz,
  finalized_at timestamptz,
  updated_at timestamptz not null default now(),
  constraint markets_one_per_ball unique (session_id, bowler_id, frame, ball, kind),
  constraint markets_line check ((kind in ('pins-over-under', 'speed-over-under')) = (line is not null)),
  constraint markets_result check (
    (state in ('determined', 'finalized', 'disputed')) = (result is not null)
  )
);
create index markets_lane_recent on markets (lane_id, opened_at desc);
create index markets_live on markets (state) where state in ('open', 'suspended', 'determined', 'disputed');
create index markets_shot on markets (shot_id) where shot_id is not null;

create table bets (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  market_id uuid not null references markets (id),
  outcome text not null
    constraint bets_outcome_shape check (outcome ~ '^[a-z]{2,8}$'),
  stake bigint not null
    constraint bets_stake check (stake > 0),
  currency text not null
    constraint bets_currency check (currency ~ '^[A-Z]{3}$'),
  market_version integer not null,
  -- The client's key: the same key returns the first bet, never a second.
  idempotency_key text not null
    constraint bets_idempotency_key_shape check (idempotency_key ~ '^[A-Za-z0-9:._-]{8,100}$'),
  -- sha256 of (market, outcome, stake, version): the same key with another body is refused.
  request_digest text not null,
  state text not null default 'open'
    constraint bets_state check (state in ('open', 'won', 'lost', 'void')),
  payout bigint
    constraint bets_payout check (payout >= 0),
  void_reason text
    constraint bets_void_reason_shape check (void_reason ~ '^[a-z][a-z_-]{0,39}$'),
  -- The stake's hold (a pending transfer bettor → escrow).
  hold_id text not null references ledger_transfers (id),
  placed_at timestamptz not null default clock_timestamp(),
  settled_at timestamptz,
  constraint bets_idempotent unique (user_id, idempotency_key),
  constraint bets_payout_when_settled check ((state in ('won', 'lost')) = (payout is not null))
);
create index bets_market on bets (market_id, outcome);
create index bets_user_recent on bets (user_id, placed_at desc);
