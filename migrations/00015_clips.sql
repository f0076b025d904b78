-- Video clips of shots (issue 14): one per shot, cut from the SFU's replay
-- buffer by a background job, plus custom clips staff cut from a lane's
-- buffer (shot_id null, with a label). Windows are capture times in epoch ms.
-- state: 'pending' until the job stores the clip and its poster ('ready'),
-- 'failed' when it gave up (failure_reason says why), 'expired' when
-- retention removed the files (kept clips are never expired).

create table clips (
  id uuid primary key default gen_random_uuid(),
  shot_id text unique references shots (id) on delete cascade,
  lane_id text not null references lanes (id) on delete cascade,
  from_ms bigint not null,
  to_ms bigint not null,
  constraint clips_window check (to_ms > from_ms),
  label text constraint clips_label_length check (char_length(label) <= 200),
  state text not null default 'pending'
    constraint clips_state check (state in ('pending', 'ready', 'failed', 'expired')),
  failure_reason text,
  -- Store keys of the video and its poster, set together when ready.
  video_key text,
  poster_key text,
  content_type text,
  duration_ms integer,
  bytes bigint,
  constraint clips_ready_files check (
    (state <> 'ready') or (video_key is not null and poster_key is not null and duration_ms is not null)
  ),
  kept boolean not null default false,
  kept_by uuid references users (id) on delete set null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  ready_at timestamptz
);
create index clips_lane_recent on clips (lane_id, created_at desc);
create index clips_expirable on clips (ready_at) where state = 'ready' and not kept;
create index clips_highlights on clips (created_at desc) where kept or shot_id is null;
