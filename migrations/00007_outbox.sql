-- The durable outbox: everything that must follow a stored fact (a shot →
-- its ball scored, later its markets settled and its clip cut) is a row
-- written in the same transaction as the fact, consumed exactly once per
-- (topic, fact_id) by server/outbox/: the handler's writes and `done_at`
-- commit together. `available_at` is when the row may be claimed next (a
-- claim pushes it forward by a lease; a failure by a backoff); after too many
-- attempts the row is dead (`dead_at`) and waits for staff.

create table outbox (
  id bigint generated always as identity primary key,
  topic text not null
    constraint outbox_topic_shape check (topic ~ '^[a-z][a-z0-9_.-]{0,63}$'),
  fact_id text not null
    constraint outbox_fact_id_length check (char_length(fact_id) between 1 and 200),
  payload jsonb not null default '{}',
  created_at timestamptz not null default now(),
  available_at timestamptz not null default now(),
  attempts integer not null default 0
    constraint outbox_attempts check (attempts >= 0),
  last_error text,
  done_at timestamptz,
  dead_at timestamptz,
  constraint outbox_fact_once unique (topic, fact_id),
  constraint outbox_done_or_dead check (done_at is null or dead_at is null)
);
create index outbox_claimable on outbox (available_at, id)
  where done_at is null and dead_at is null;
create index outbox_dead on outbox (dead_at) where dead_at is not null;

-- Why a shot waits for staff: 'unsure' (the AI was not sure enough),
-- 'no_session' (no open session on its lane), or the code of the reason the
-- ball could not be scored ('impossible_ball', 'session_complete').
alter table shots add column review_reason text
  constraint shots_review_reason_shape check (review_reason ~ '^[a-z][a-z_]{0,39}$');
-- sha256 of the report as first posted: a retry with the same id and the same
-- content is the same shot; different content under that id is refused.
alter table shots add column report_digest text
  constraint shots_report_digest_shape check (report_digest ~ '^[0-9a-f]{64}$');

-- An AI shot is scored at most once, whatever retries or crashes happen.
create unique index session_balls_ai_shot_once on session_balls (shot_id)
  where source = 'ai' and shot_id is not null;
