-- Bowling sessions: a group of bowlers on one lane, their balls, and
-- corrections. Scores are never stored: core/scoring.ts computes the sheet
-- from the current balls every time.

create table bowling_sessions (
  id uuid primary key default gen_random_uuid(),
  lane_id text not null references lanes (id),
  status text not null default 'open'
    constraint bowling_sessions_status check (status in ('open', 'closed')),
  opened_by uuid references users (id) on delete set null,
  opened_at timestamptz not null default now(),
  closed_by uuid references users (id) on delete set null,
  closed_at timestamptz,
  constraint bowling_sessions_closed_at check ((status = 'closed') = (closed_at is not null))
);
-- At most one open session per lane.
create unique index bowling_sessions_one_open on bowling_sessions (lane_id) where status = 'open';
create index bowling_sessions_recent on bowling_sessions (opened_at desc);

create table session_bowlers (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references bowling_sessions (id) on delete cascade,
  -- Bowling order, 1…8.
  position smallint not null
    constraint session_bowlers_position check (position between 1 and 8),
  -- Stored as given.
  name text not null
    constraint session_bowlers_name_length check (char_length(btrim(name)) between 1 and 40),
  user_id uuid references users (id) on delete set null,
  added_at timestamptz not null default now(),
  constraint session_bowlers_position_unique unique (session_id, position)
);
create unique index session_bowlers_user_once on session_bowlers (session_id, user_id)
  where user_id is not null;

-- Rows are never changed. A bowler's ball `seq` has version 1 when bowled;
-- a correction adds version n + 1 (source 'correction', with the reason and
-- the row it replaces). The current ball is the highest version.
create table session_balls (
  id bigint generated always as identity primary key,
  session_id uuid not null references bowling_sessions (id) on delete cascade,
  bowler_id uuid not null references session_bowlers (id) on delete cascade,
  seq integer not null
    constraint session_balls_seq check (seq >= 1),
  version integer not null default 1
    constraint session_balls_version check (version >= 1),
  -- Pins standing after the ball: bit i = pin i + 1.
  standing smallint not null
    constraint session_balls_standing check (standing between 0 and 1023),
  foul boolean not null default false,
  source text not null
    constraint session_balls_source check (source in ('manual', 'ai', 'correction')),
  -- The AI's shot (shots are defined later), and how sure it was.
  shot_id text
    constraint session_balls_shot_id check (char_length(shot_id) between 1 and 64),
  confidence real
    constraint session_balls_confidence check (confidence between 0 and 1),
  recorded_by uuid references users (id) on delete set null,
  recorded_at timestamptz not null default now(),
  -- Corrections only: the row replaced, why, and where it was on the sheet then.
  replaces_id bigint references session_balls (id),
  reason text
    constraint session_balls_reason_length check (char_length(reason) between 3 and 500),
  frame smallint
    constraint session_balls_frame check (frame between 1 and 10),
  ball_in_frame smallint
    constraint session_balls_ball_in_frame check (ball_in_frame between 1 and 3),
  constraint session_balls_version_unique unique (bowler_id, seq, version),
  constraint session_balls_correction check (
    (source = 'correction') = (replaces_id is not null and reason is not null and version > 1)
  )
);
create index session_balls_session on session_balls (session_id, bowler_id, seq, version);
