/**
 * How a withdrawal is paid out: back through the providers the user's money
 * came from (a Stripe refund against earlier deposits, a PayPal refund of
 * earlier captures). Each provider implements `PayoutProvider`; the
 * withdrawal's outbox handler tries them in order and leaves what none could
 * pay to staff, who pay it by hand with a reference.
 */
import { DomainError } from "../../core/errors.ts";

export interface PayoutRequest {
  withdrawalId: string;
  userId: string;
  amount: number;
  currency: string;
}

export interface PayoutResult {
  /** Paid through this provider (0 when it had nothing refundable). */
  paid: number;
  /** The provider's ids of what it paid (refund ids), for the withdrawal's reference. */
  reference: string;
}

export interface PayoutProvider {
  readonly name: "stripe" | "paypal";
  /**
   * Pays up to `amount` back through the user's deposits with this provider,
   * newest first; idempotent by withdrawal (outbound keys
   * `withdrawal:<id>:<deposit ref>`), so a retry after a crash pays nothing
   * twice. Throws `PayoutError` when the provider refuses or cannot be reached.
   */
  payout(r: PayoutRequest): Promise<PayoutResult>;
}

/** A payout the provider refused (`permanent`: retrying will not help) or could not take now. */
export class PayoutError extends DomainError {
  constructor(message: string, readonly permanent: boolean) {
    super("payout_failed", message, { permanent });
  }
}
