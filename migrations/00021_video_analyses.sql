-- Uploaded videos analysed by Lanecast's own models (POST /api/analyze):
-- one row per finished analysis, its id the analysis job's id. The video
-- itself is not kept; `result` is the analysis as the API answers it.

create table video_analyses (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  -- The lane whose calibration was used, if any.
  lane_id text references lanes (id) on delete set null,
  result jsonb not null,
  created_at timestamptz not null default now()
);
create index video_analyses_user on video_analyses (user_id, created_at desc);
