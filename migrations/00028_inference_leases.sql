-- Inference sidecars share the lanes by leases: a lane is watched by the one
-- sidecar whose lease on it has not expired. Each sidecar renews its leases
-- (and tells its last status) every few seconds through the server; one that
-- stops renewing loses its lanes to the others when the leases expire.
create table inference_sidecars (
  id text primary key,
  constraint inference_sidecars_id check (id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
  -- The most lanes it will watch.
  capacity integer not null,
  constraint inference_sidecars_capacity check (capacity between 0 and 1000),
  -- Its last GET /status answer (lanes, frames, provider), as it sent it.
  status jsonb not null default '{}',
  seen_at timestamptz not null default now(),
  -- Counted among the live sidecars until then.
  expires_at timestamptz not null
);

create table inference_leases (
  lane_id text primary key references lanes (id) on delete cascade,
  sidecar_id text not null,
  acquired_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index inference_leases_sidecar on inference_leases (sidecar_id);
