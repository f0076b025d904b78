-- Check-in codes and removing bowlers (issue 12, fault 2).
--
-- A session's check-in code is signed by the server (server/sessions/check_in_code.ts)
-- over the lane, the session, this generation and an expiry; nothing secret is
-- stored. Staff rotating the code bumps the generation, which voids every code
-- handed out before.
alter table bowling_sessions
  add column check_in_generation integer not null default 1
    constraint bowling_sessions_check_in_generation check (check_in_generation >= 1);

-- A bowler removed by staff keeps their row and balls (the record stays) and is
-- never given a turn again; the same account cannot check in to that session again.
alter table session_bowlers
  add column removed_at timestamptz,
  add column removed_by uuid references users (id) on delete set null,
  add column removed_reason text
    constraint session_bowlers_removed_reason_length
      check (char_length(removed_reason) between 3 and 500),
  add constraint session_bowlers_removed check ((removed_at is null) = (removed_reason is null));
