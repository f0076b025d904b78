-- Settling a market writes one `post` row per bet and one payout per winner in
-- one statement, and updates every bet: 10,000 bets must be paid within a
-- second of the pins falling. What each row cost that bought nothing:
--
-- * Regular-expression checks on every transfer id and code. The ledger
--   validates both before any SQL (server/ledger/validate.ts); the table keeps
--   cheap length checks as the backstop.
-- * The foreign key from a post/void to its hold: the ledger writes a post or
--   void only by copying the hold's own row (a join on it), the unique index
--   `ledger_transfers_resolve_once` still resolves a hold at most once, and
--   `GET /api/admin/ledger/check` still proves each one matches its hold.
-- * An index on market_id that no query reads (escrows are read by account).
alter table ledger_transfers drop constraint ledger_transfers_id_shape;
alter table ledger_transfers add constraint ledger_transfers_id_length
  check (octet_length(id) between 1 and 160);
alter table ledger_transfers drop constraint ledger_transfers_code;
alter table ledger_transfers add constraint ledger_transfers_code_length
  check (octet_length(code) between 1 and 32);
alter table ledger_transfers drop constraint ledger_transfers_pending_id_fkey;
drop index ledger_transfers_market;

-- Room on each page for a bet's settled state: settlement's update of every
-- bet stays on the page (no indexed column changes) instead of rewriting
-- every index entry.
alter table bets set (fillfactor = 70);
