/** A withdrawal as the API shows it, shared by the server and the console. */
export const WITHDRAWAL_STATES = [
  "requested",
  "approved",
  "paid",
  "rejected",
  "failed",
  "canceled",
] as const;
export type WithdrawalState = (typeof WITHDRAWAL_STATES)[number];
export type WithdrawalMethod = "stripe" | "paypal" | "manual";

export interface Withdrawal {
  id: string;
  userId: string;
  amount: number;
  currency: string;
  state: WithdrawalState;
  method: WithdrawalMethod | null;
  reference: string | null;
  failure: string | null;
  requestedAt: string;
  decidedAt: string | null;
  paidAt: string | null;
}
