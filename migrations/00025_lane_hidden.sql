-- Lanes staff hide from the public (test lanes, a lane being set up): absent
-- from the public lane list and grid, and every public lane address answers
-- 404 for them; staff still see and use them.
alter table lanes add column hidden boolean not null default false;
