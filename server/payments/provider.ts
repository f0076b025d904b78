/** STAND-IN for the merger's server/payments/provider.ts (main's file wins at merge). */
export interface PayoutRequest {
  withdrawalId: string;
  userId: string;
  amount: number;
  currency: string;
}
export interface Payout {
  method: "stripe" | "paypal";
  reference: string;
}
export interface PayoutProvider {
  name: "stripe" | "paypal";
  payout(r: PayoutRequest): Promise<{ paid: number; reference: string }>;
}
