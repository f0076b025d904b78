-- Shots the inference sidecar saw: one row per ball, keyed by the id the
-- sidecar chose (so a retried report is stored once). Metrics are null when
-- the ball's path could not be measured. status: 'auto' when the pin state
-- was sure enough to score without a person, 'review' otherwise.

create table shots (
  id text primary key
    constraint shots_id_shape check (id ~ '^[A-Za-z0-9_-]{8,64}$'),
  lane_id text not null references lanes (id) on delete cascade,
  -- Capture time (publisher's clock) of the release, or of the first event.
  released_at timestamptz not null,
  launch_speed_mph double precision,
  entry_speed_mph double precision,
  arrows_board double precision,
  breakpoint_board double precision,
  breakpoint_ft double precision,
  entry_board double precision,
  entry_angle_deg double precision,
  -- 10-bit standing states: bit i set = pin i + 1 standing.
  standing_before smallint
    constraint shots_standing_before_bits check (standing_before between 0 and 1023),
  standing smallint not null
    constraint shots_standing_bits check (standing between 0 and 1023),
  pin_confidence double precision not null
    constraint shots_pin_confidence_range check (pin_confidence between 0 and 1),
  track_confidence double precision not null
    constraint shots_track_confidence_range check (track_confidence between 0 and 1),
  foul boolean not null default false,
  gutter boolean not null default false,
  status text not null
    constraint shots_status check (status in ('auto', 'review')),
  events jsonb not null,
  path jsonb not null,
  pin_probabilities jsonb not null,
  ball_model text not null,
  pin_model text not null,
  created_at timestamptz not null default now()
);
create index shots_lane_recent on shots (lane_id, created_at desc);
create index shots_review on shots (status) where status = 'review';
