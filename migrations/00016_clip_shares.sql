-- Sharing a shot's clip (issue 14). A share link carries a random token;
-- only its sha-256 is stored, so a copy of the database opens no links.
-- Staff revoke a link (revoked_at): its page and clip addresses answer 410.

create table clip_shares (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null
    constraint clip_shares_token_hash_shape check (token_hash ~ '^[A-Za-z0-9_-]{43}$'),
  shot_id text not null references shots (id) on delete cascade,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  revoked_by uuid references users (id) on delete set null,
  constraint clip_shares_token_once unique (token_hash)
);
create index clip_shares_shot on clip_shares (shot_id, created_at desc);

-- A user's phone number for share texts: `verified_at` once they typed the
-- 6-digit code sent to it. The pending code is kept as a salted sha-256 with
-- its expiry and the wrong tries so far.
create table user_phones (
  user_id uuid primary key references users (id) on delete cascade,
  phone text not null
    constraint user_phones_e164 check (phone ~ '^\+[1-9][0-9]{6,14}$'),
  verified_at timestamptz,
  code_hash text,
  code_salt text,
  code_expires_at timestamptz,
  code_attempts integer not null default 0
    constraint user_phones_code_attempts check (code_attempts >= 0),
  code_sent_at timestamptz
);

-- Every text the server sends: written with its outbox fact in one
-- transaction, handed to Twilio by the outbox consumer. 'held' when no
-- Twilio account is configured (staff read them in the console), 'sent'
-- with Twilio's message sid once Twilio accepted it.
create table sms_messages (
  id uuid primary key default gen_random_uuid(),
  kind text not null
    constraint sms_messages_kind check (kind in ('phone_code', 'share')),
  user_id uuid references users (id) on delete set null,
  to_phone text not null,
  body text not null,
  media_url text,
  share_id uuid references clip_shares (id) on delete set null,
  state text not null default 'queued'
    constraint sms_messages_state check (state in ('queued', 'held', 'sent')),
  provider_sid text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index sms_messages_recent on sms_messages (created_at desc);
