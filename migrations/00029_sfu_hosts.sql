-- SFU hosts that announce themselves (sfu/announce.ts) every second or so:
-- where browsers and the other hosts reach each, its load, and the lanes whose
-- camera publishes to it (their origin). A host that stops announcing is left
-- out once its seen_at is older than SFU_HOST_TTL_MS; the server issues lane
-- tokens for the hosts alive. No row at all: the single SFU at SFU_URL.
create table sfu_hosts (
  id text primary key,
  public_url text not null,
  internal_url text not null,
  workers integer not null,
  consumers integer not null,
  lanes integer not null,
  origins jsonb not null default '[]',
  seen_at timestamptz not null default now()
);
