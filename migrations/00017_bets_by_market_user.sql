-- A wallet's pending money counts the stakes of its owner's open bets already
-- posted into escrow (at suspension); only live markets (open or suspended) hold
-- open bets: read by probing each live market for the user. (market_id, user_id)
-- serves that and everything the old (market_id, outcome) index served.
create index bets_market_user on bets (market_id, user_id);
drop index bets_market;
