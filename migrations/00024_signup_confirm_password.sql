-- A sign-up link creates the account only with the password chosen at sign-up
-- (someone who signs up with another person's address cannot hand them an
-- account with the signer's password); wrong tries are counted and the link
-- dies after five.
alter table signup_requests add column failed_attempts integer not null default 0;
