-- A session the server itself opened (SIM_SESSIONS: the keeper of the
-- simulated lanes) names the part of the server that opened it, e.g.
-- 'sim-keeper'; null when staff or a check-in opened it. The keeper closes and
-- replaces only sessions it opened, never one staff opened.
alter table bowling_sessions add column opened_by_system text
  constraint bowling_sessions_opened_by_system check (opened_by_system ~ '^[a-z][a-z-]{0,31}$');
