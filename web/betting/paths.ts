/** Addresses of the bettor's pages. */

/** The "Start betting" form, coming back to `next` afterwards. */
export function startBettingPath(next?: string): string {
  return next ? `/betting?next=${encodeURIComponent(next)}` : "/betting";
}

export const WALLET_PATH = "/wallet";
export const MY_BETS_PATH = "/bets";
