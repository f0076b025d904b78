-- Paying a 10,000-bet market within a second of the pins falling, on a slow machine.
--
-- PostgreSQL evaluates every CHECK constraint of a table on every row an
-- UPDATE writes, whichever columns changed. Settlement rewrites every bet of
-- the market (state, payout, settled_at), and each placed bet updates its
-- bettor's account totals; each of those rows ran the regular expressions
-- below again on values that never change. An EXPLAIN ANALYZE of settling
-- 10,000 bets spent 181 ms writing the rows.
--
-- The shapes are validated before any SQL (core/markets.ts PlaceBetSchema
-- for outcomes and idempotency keys, the ledger's createLedger for the
-- currency, the settlement code's fixed void reasons), as 00014 did for
-- transfer ids and codes; the table keeps cheap length checks as the
-- backstop.
alter table bets drop constraint bets_outcome_shape;
alter table bets add constraint bets_outcome_length
  check (octet_length(outcome) between 2 and 8);
alter table bets drop constraint bets_currency;
alter table bets add constraint bets_currency_length check (octet_length(currency) = 3);
alter table bets drop constraint bets_idempotency_key_shape;
alter table bets add constraint bets_idempotency_key_length
  check (octet_length(idempotency_key) between 8 and 100);
alter table bets drop constraint bets_void_reason_shape;
alter table bets add constraint bets_void_reason_length
  check (octet_length(void_reason) between 1 and 40);
alter table ledger_accounts drop constraint ledger_accounts_currency;
alter table ledger_accounts add constraint ledger_accounts_currency_length
  check (octet_length(currency) = 3);
alter table ledger_transfers drop constraint ledger_transfers_currency;
alter table ledger_transfers add constraint ledger_transfers_currency_length
  check (octet_length(currency) = 3);

-- Each transfer written (a bet's hold, a winner's payout) also paid for:
--
-- * A unique index on `seq`, an identity column, unique by construction; the
--   wallet's history pages by (account, seq), which keeps its two indexes.
-- * Foreign keys from the transfer to its two accounts: two lookups a row.
--   The ledger takes both ids from `ledger_accounts` in the same transaction
--   (server/ledger/ledger_sql.ts accountIds), accounts are never deleted, and
--   `GET /api/admin/ledger/check` proves that every transfer's accounts exist
--   (`unknown_account`).
alter table ledger_transfers drop constraint ledger_transfers_seq_key;
alter table ledger_transfers drop constraint ledger_transfers_debit_account_id_fkey;
alter table ledger_transfers drop constraint ledger_transfers_credit_account_id_fkey;
