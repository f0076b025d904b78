-- STAND-IN for the merger's 00018_payments (limits branch only; main's file wins at merge).
alter table ledger_accounts drop constraint ledger_accounts_kind;
alter table ledger_accounts add constraint ledger_accounts_kind
  check (kind in ('user', 'house', 'escrow', 'takeout', 'breakage', 'clearing', 'debt'));

create table payments (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  provider text not null check (provider in ('sandbox', 'stripe', 'paypal')),
  provider_ref text,
  amount bigint not null check (amount > 0),
  currency text not null,
  state text not null default 'created'
    check (state in ('created', 'succeeded', 'failed', 'canceled')),
  idempotency_key text,
  refunded bigint not null default 0,
  capture_ref text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (provider, provider_ref),
  unique (user_id, idempotency_key)
);
create index payments_user_recent on payments (user_id, created_at desc);

create table payment_events (
  provider text not null,
  event_id text not null,
  type text not null,
  payment_id uuid references payments (id),
  payload jsonb not null default '{}',
  received_at timestamptz not null default now(),
  primary key (provider, event_id)
);

create table withdrawals (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  amount bigint not null check (amount > 0),
  currency text not null,
  state text not null default 'requested'
    check (state in ('requested', 'approved', 'paid', 'rejected', 'failed', 'canceled')),
  method text check (method in ('stripe', 'paypal', 'manual')),
  reference text,
  failure text,
  idempotency_key text,
  decided_by uuid references users (id),
  decided_at timestamptz,
  paid_at timestamptz,
  requested_at timestamptz not null default now(),
  unique (user_id, idempotency_key)
);
create index withdrawals_state on withdrawals (state, requested_at);
create index withdrawals_user on withdrawals (user_id, requested_at desc);

create table responsible_limits (
  user_id uuid not null references users (id),
  kind text not null check (kind in ('deposit-daily', 'deposit-weekly', 'deposit-monthly', 'loss-daily')),
  amount bigint check (amount >= 0),
  pending_amount bigint check (pending_amount >= 0),
  pending_from timestamptz,
  primary key (user_id, kind)
);

create table exclusions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  kind text not null check (kind in ('time-out', 'self-exclusion', 'closure')),
  starts_at timestamptz not null default now(),
  ends_at timestamptz
);
create index exclusions_user on exclusions (user_id);
