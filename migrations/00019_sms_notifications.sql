-- Texts about money and settled bets (issue 15, part 5): which a user wants,
-- numbers that texted STOP, and each text's delivery as Twilio reports it.

-- What a user wants texted (to their verified phone): settled bets are
-- opt-in; deposits and withdrawals are on unless turned off.
create table notification_settings (
  user_id uuid primary key references users (id) on delete cascade,
  bet_settled boolean not null default false,
  payments boolean not null default true,
  updated_at timestamptz not null default now()
);

-- Numbers that texted STOP (or another opt-out word) to our Twilio number:
-- nothing is texted to them until they text START.
create table sms_opt_outs (
  phone text primary key
    constraint sms_opt_outs_e164 check (phone ~ '^\+[1-9][0-9]{6,14}$'),
  opted_out_at timestamptz not null default now()
);

alter table sms_messages drop constraint sms_messages_kind;
alter table sms_messages add constraint sms_messages_kind
  check (kind in ('phone_code', 'share', 'bet_settled', 'deposit', 'withdrawal'));
alter table sms_messages drop constraint sms_messages_state;
alter table sms_messages add constraint sms_messages_state
  check (state in ('queued', 'held', 'sent', 'opted_out'));
-- The fact a notification is about (`deposit:<payment id>`, `bet:<bet id>`):
-- at most one text per fact, however often the fact is reported.
alter table sms_messages add column fact_key text
  constraint sms_messages_fact_key_length check (char_length(fact_key) between 1 and 200);
alter table sms_messages add constraint sms_messages_fact_once unique (fact_key);
-- Twilio's latest delivery status of a sent text (status callbacks).
alter table sms_messages add column delivery_status text
  constraint sms_messages_delivery_status check (delivery_status in
    ('queued', 'accepted', 'scheduled', 'sending', 'sent', 'delivered', 'undelivered', 'failed',
     'read', 'canceled'));
alter table sms_messages add column delivery_error integer;
alter table sms_messages add column delivery_at timestamptz;
create index sms_messages_provider_sid on sms_messages (provider_sid) where provider_sid is not null;
