-- Staff decisions on shots in the review queue: who resolved a shot, when,
-- and how (confirmed the AI's read, overrode it, or voided its markets).
-- A shot with status 'review' and no reviewed_at still waits.

alter table shots add column reviewed_at timestamptz;
alter table shots add column reviewed_by uuid references users (id) on delete set null;
alter table shots add column review_action text
  constraint shots_review_action check (review_action in ('confirm', 'override', 'void'));
alter table shots add constraint shots_reviewed check ((reviewed_at is null) = (review_action is null));
