-- A lane's publish epoch: every publish token carries the epoch it was issued
-- in, and the SFU refuses tokens (and drops publishers) of an older one. It
-- goes up when the lane's camera key is rotated or removed and when the lane
-- is disabled, so a leaked key or token stops working at once.
alter table lanes add column publish_epoch integer not null default 0;
