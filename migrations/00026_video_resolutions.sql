-- An uploaded video that belongs to a lane ball (issue 17 part 4): staff
-- attach the upload to one ball that has markets, and POST /api/resolve on
-- it settles that ball's market of the asked kind through the ledger.
alter table video_analyses
  add column session_id uuid references bowling_sessions (id) on delete set null,
  add column bowler_id uuid references session_bowlers (id) on delete set null,
  add column frame smallint,
  add column ball smallint,
  add constraint video_analyses_ball check (
    (session_id is null and bowler_id is null and frame is null and ball is null)
    or (session_id is not null and bowler_id is not null and frame between 1 and 10
        and ball between 1 and 3));

-- Each question answered about a lane ball's analysis: at most one per
-- (analysis, shot, kind), so a repeat answers from here and moves nothing.
-- `review` waits in the staff queue; staff confirm, override or reject it.
create table video_resolutions (
  id uuid primary key default gen_random_uuid(),
  analysis_id uuid not null references video_analyses (id) on delete cascade,
  shot_index integer not null,
  kind text not null,
  market_id uuid not null references markets (id),
  -- The market outcome key the video read ("yes", "under", …); null: void.
  proposed text,
  confidence double precision not null,
  detected_at double precision not null,
  state text not null
    constraint video_resolutions_state check (state in ('settled', 'review', 'confirmed', 'overridden', 'rejected')),
  -- What settled the market (the proposed key, or staff's); null while waiting or void.
  result text,
  created_by uuid references users (id) on delete set null,
  decided_by uuid references users (id) on delete set null,
  decided_at timestamptz,
  reason text,
  created_at timestamptz not null default now(),
  unique (analysis_id, shot_index, kind)
);
create index video_resolutions_review on video_resolutions (created_at) where state = 'review';
