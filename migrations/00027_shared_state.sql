-- State that several API instances on one PostgreSQL share (issue 18.2).
--
-- Live events too big for one NOTIFY (PostgreSQL caps a payload at 8000
-- bytes): the publishing instance stores the event here and notifies its
-- id; rows are only read back within seconds and are swept after a minute.
create table live_event_payloads (
  id bigserial primary key,
  channel text not null,
  event jsonb not null,
  created_at timestamptz not null default now()
);
create index live_event_payloads_created_at on live_event_payloads (created_at);

-- The server's key-value store when KV_PATH=postgres (server/kv_pg.ts): the
-- subset of Deno KV the server uses (get, set, delete, list, atomic checks),
-- keys encoded so that byte order is Deno KV's key order, values as JSON
-- text (jsonb cannot hold a string with a NUL character).
create table kv_entries (
  key bytea primary key,
  value text not null,
  versionstamp bigint not null,
  expires_at timestamptz
);
create index kv_entries_expires_at on kv_entries (expires_at) where expires_at is not null;
create sequence kv_versionstamps;

-- Keys and secrets every instance must agree on (the lane token signing key,
-- the generated camera, inference, SFU and clip URL keys) when
-- SHARED_KEYS=on: the first instance stores its own, the others take it.
create table server_secrets (
  name text primary key,
  value text not null,
  created_at timestamptz not null default now()
);
