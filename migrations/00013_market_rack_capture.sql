-- The capture time (camera clock) of the rack-ready event that opened a market.
-- An approach or release captured before it was a previous ball's, arriving late
-- (a resend): it must neither suspend this market nor void its bets. Null for a
-- market opened otherwise (a session sheet, staff).

alter table markets add column rack_capture_ms bigint;
