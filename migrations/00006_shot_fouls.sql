-- The foul-line verdict of each shot: how sure the sidecar is of its foul
-- flag (null: nobody judged the foul line, so the shot was not scored
-- without a person) and which model judged it.

alter table shots add column foul_confidence double precision
  constraint shots_foul_confidence_range check (foul_confidence between 0 and 1);
alter table shots add column foul_model text;
