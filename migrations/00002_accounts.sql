-- Accounts, refresh tokens and the audit log.

create table users (
  id uuid primary key default gen_random_uuid(),
  -- Stored as given; unique ignoring case.
  email text not null
    constraint users_email_shape check (char_length(email) between 3 and 254 and email like '%_@_%'),
  display_name text not null
    constraint users_display_name_length check (char_length(btrim(display_name)) between 1 and 80),
  role text not null default 'spectator'
    constraint users_role check (role in ('spectator', 'bettor', 'staff', 'admin')),
  -- PHC string of a memory-hard KDF (argon2id); never the password.
  password_hash text not null,
  disabled boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_unique on users (lower(email));

-- Refresh tokens rotate on every use. All tokens descended from one login
-- share a family; presenting a spent token revokes the whole family.
create table refresh_tokens (
  id uuid primary key,
  family_id uuid not null,
  user_id uuid not null references users (id) on delete cascade,
  -- SHA-256 of the token; the token itself is never stored.
  token_hash text not null unique,
  issued_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  revoked_at timestamptz
);
create index refresh_tokens_family on refresh_tokens (family_id);
create index refresh_tokens_user on refresh_tokens (user_id);

-- Every staff and admin action, written in the transaction of the change.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_id uuid references users (id) on delete set null,
  actor_email text,
  actor_role text,
  action text not null,
  target_type text not null,
  target_id text not null,
  detail jsonb not null default '{}',
  request_id text
);
create index audit_log_target on audit_log (target_type, target_id);
