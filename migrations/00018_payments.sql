-- Real money in and out: deposits through payment providers (Stripe, PayPal,
-- and the sandbox), the provider events that move them, withdrawals, and the
-- responsible-play rules every money action is checked against.

-- A refund or dispute can take back more than a user still has: the rest is
-- owed, on the user's `debt` account (a system account, no running totals:
-- its balance, credits − debits, is never above 0). A later deposit pays it back.
alter table ledger_accounts drop constraint ledger_accounts_kind;
alter table ledger_accounts add constraint ledger_accounts_kind
  check (kind in ('user', 'house', 'escrow', 'takeout', 'breakage', 'clearing', 'debt'));

-- One row per deposit, whatever the provider. Credited at most once, by the
-- ledger transfer `deposit:<id>`, in the transaction that records the
-- provider's confirmation.
create table payments (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  provider text not null
    constraint payments_provider check (provider in ('sandbox', 'stripe', 'paypal')),
  -- The provider's object: a PaymentIntent id, a PayPal order id; null for the sandbox.
  provider_ref text
    constraint payments_provider_ref_length check (char_length(provider_ref) between 1 and 255),
  -- The provider's record of the money taken: a charge id, a PayPal capture id.
  capture_ref text
    constraint payments_capture_ref_length check (char_length(capture_ref) between 1 and 255),
  amount bigint not null
    constraint payments_amount check (amount > 0),
  currency text not null
    constraint payments_currency check (currency ~ '^[A-Z]{3}$'),
  state text not null default 'created'
    constraint payments_state check (state in ('created', 'succeeded', 'failed', 'canceled')),
  -- Why it failed or was canceled, in the provider's words.
  failure text
    constraint payments_failure_length check (char_length(failure) <= 500),
  idempotency_key text
    constraint payments_idempotency_key_length check (char_length(idempotency_key) between 1 and 100),
  -- Taken back by the provider since: refunds, lost disputes, withdrawal payouts.
  refunded bigint not null default 0
    constraint payments_refunded check (refunded >= 0 and refunded <= amount),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  credited_at timestamptz,
  constraint payments_provider_ref_once unique (provider, provider_ref),
  constraint payments_idempotency_once unique (user_id, idempotency_key)
);
create index payments_user on payments (user_id, created_at desc);
create index payments_recent on payments (provider, created_at desc);

-- Every provider event (webhook or reconciliation) recorded once, in the
-- transaction of the money it moved: a replayed event finds its row.
create table payment_events (
  provider text not null
    constraint payment_events_provider check (provider in ('stripe', 'paypal', 'twilio')),
  event_id text not null
    constraint payment_events_id_length check (char_length(event_id) between 1 and 255),
  type text not null
    constraint payment_events_type_length check (char_length(type) between 1 and 100),
  payment_id uuid references payments (id),
  -- What the event did: credited, refunded, ignored (and why), …
  outcome text not null default 'recorded'
    constraint payment_events_outcome_length check (char_length(outcome) between 1 and 200),
  payload jsonb not null default '{}',
  received_at timestamptz not null default now(),
  primary key (provider, event_id)
);
create index payment_events_payment on payment_events (payment_id) where payment_id is not null;

-- A bettor's request to take money out: held at once (ledger hold
-- `withdrawal:<id>`), paid out after staff approve it, or released.
create table withdrawals (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  amount bigint not null
    constraint withdrawals_amount check (amount > 0),
  currency text not null
    constraint withdrawals_currency check (currency ~ '^[A-Z]{3}$'),
  state text not null default 'requested'
    constraint withdrawals_state check (state in ('requested', 'approved', 'paid', 'rejected', 'failed', 'canceled')),
  -- How it was paid: back through a provider, or by hand with a reference.
  method text
    constraint withdrawals_method check (method in ('stripe', 'paypal', 'manual')),
  reference text
    constraint withdrawals_reference_length check (char_length(reference) between 1 and 500),
  failure text
    constraint withdrawals_failure_length check (char_length(failure) between 1 and 500),
  idempotency_key text
    constraint withdrawals_idempotency_key_length check (char_length(idempotency_key) between 1 and 100),
  requested_at timestamptz not null default now(),
  decided_by uuid references users (id),
  decided_at timestamptz,
  paid_at timestamptz,
  constraint withdrawals_idempotency_once unique (user_id, idempotency_key)
);
create index withdrawals_user on withdrawals (user_id, requested_at desc);
create index withdrawals_open on withdrawals (state, requested_at) where state in ('requested', 'approved');

-- Responsible play: limits a user sets on themselves. Lowering one applies at
-- once; raising or removing it waits (`pending_amount` from `pending_from`;
-- a pending removal has `pending_remove`).
create table responsible_limits (
  user_id uuid not null references users (id),
  kind text not null
    constraint responsible_limits_kind check (kind in ('deposit-daily', 'deposit-weekly', 'deposit-monthly', 'loss-daily')),
  amount bigint
    constraint responsible_limits_amount check (amount >= 0),
  pending_amount bigint
    constraint responsible_limits_pending_amount check (pending_amount >= 0),
  pending_remove boolean not null default false,
  pending_from timestamptz,
  updated_at timestamptz not null default now(),
  primary key (user_id, kind)
);

-- Time-outs, self-exclusions and closed accounts: no bets, no deposits while
-- one is in force (`ends_at` null: for good).
create table exclusions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  kind text not null
    constraint exclusions_kind check (kind in ('time-out', 'self-exclusion', 'closure')),
  starts_at timestamptz not null default now(),
  ends_at timestamptz,
  constraint exclusions_ends_after_start check (ends_at is null or ends_at > starts_at)
);
create index exclusions_user on exclusions (user_id, ends_at);
