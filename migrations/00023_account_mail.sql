-- Accounts by confirmed email (issue 16, part 5): a sign-up is a pending
-- request until the link mailed to its address is used; mail goes through
-- the outbox and is kept here (held for admins when no SMTP server is set).

-- A sign-up waiting for its email to be confirmed. Only the SHA-256 of the
-- link's token is stored; the token is spent by its first use and expires.
create table signup_requests (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique
    constraint signup_requests_token_hash_shape check (token_hash ~ '^[0-9a-f]{64}$'),
  email text not null
    constraint signup_requests_email_shape check (char_length(email) between 3 and 254),
  display_name text not null
    constraint signup_requests_display_name_length
      check (char_length(btrim(display_name)) between 1 and 80),
  -- PHC string of the chosen password (argon2id); never the password.
  password_hash text not null,
  -- Where the site takes the person once confirmed (a path on this site).
  next_path text
    constraint signup_requests_next_path_shape check (next_path ~ '^/([^/\\]|$)'),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index signup_requests_email on signup_requests (lower(email), created_at desc);

-- Every mail the server sends, written with its `mail.send` outbox fact.
-- 'held': no SMTP server is configured, the mail waits for admins to read.
-- A sent mail's body loses its link (`body` is redacted on sending).
create table mail_messages (
  id uuid primary key default gen_random_uuid(),
  kind text not null
    constraint mail_messages_kind check (kind in ('signup_confirm', 'signup_taken')),
  to_email text not null
    constraint mail_messages_to_shape check (char_length(to_email) between 3 and 254),
  subject text not null
    constraint mail_messages_subject_length check (char_length(subject) between 1 and 200),
  body text not null,
  state text not null default 'queued'
    constraint mail_messages_state check (state in ('queued', 'held', 'sent')),
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index mail_messages_recent on mail_messages (created_at desc);
create index mail_messages_to on mail_messages (lower(to_email), kind, created_at desc);
