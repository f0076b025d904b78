/** The ledger transfer ids of a bet's stake: its hold, and the transfers that post or void it. */
export const holdIdOf = (betId: string): string => `stake:${betId}`;
export const stakePostIdOf = (betId: string): string => `stake-post:${betId}`;
export const stakeVoidIdOf = (betId: string): string => `stake-void:${betId}`;
