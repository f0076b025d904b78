-- Open play (OPEN_PLAY): the server opens a game on a live lane with no
-- session when a ball was bowled after the lane's last session closed (or the
-- lane never had one). Its keeper asks, for each live lane, when the last ball
-- was released and when the last session closed: these indexes answer both
-- without reading the lane's whole history.
create index shots_lane_released on shots (lane_id, released_at desc);
create index bowling_sessions_lane_closed on bowling_sessions (lane_id, closed_at desc)
  where closed_at is not null;
