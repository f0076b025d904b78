-- Paying a 10,000-bet market within a second of the pins falling.
--
-- * Settlement rewrites every bet of the market (state, payout, settled_at).
--   At fillfactor 70 a page of bets had room for the new versions of fewer
--   than half its rows: the rest moved to other pages and were written into
--   every index again (measured: 44 % of the updates stayed on their page).
--   At 45 every bet's new version fits beside the old one (a HOT update: no
--   index is touched), for twice the pages on disk.
-- * A market's stakes are posted into its escrow when it suspends
--   (server/markets/post_stakes.ts). `stakes_posted_version` is the version
--   the market had then: when settlement finds the market still at that
--   version, no bet can have joined since, and it skips the posting, which
--   otherwise looks up 10,000 holds only to find each posted already.
alter table bets set (fillfactor = 45);
alter table markets add column stakes_posted_version integer;
