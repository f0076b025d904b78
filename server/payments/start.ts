/**
 * Starting a deposit through a provider: the payments row made (or, for an
 * idempotency key seen before, found) in one transaction with the
 * responsible-play check, which locks the user's row, so deposits started
 * at once meet the user's limits in turn. A key seen before answers its
 * first deposit whatever the limits say now. The provider's own object
 * (PaymentIntent, order) is made after this commits.
 */
import type { SqlOrTx } from "../db.ts";
import { assertMayDeposit } from "./guard.ts";
import { createPayment, findPayment, type Payment, type ProviderName } from "./payments.ts";

export async function startPayment(
  sql: SqlOrTx,
  input: {
    userId: string;
    provider: ProviderName;
    amount: number;
    currency: string;
    idempotencyKey?: string;
  },
): Promise<{ payment: Payment; created: boolean }> {
  const run = async (tx: SqlOrTx) => {
    const key = input.idempotencyKey;
    const seen = key ? await findPayment(tx, { userId: input.userId, idempotencyKey: key }) : null;
    if (!seen) await assertMayDeposit(tx, input.userId, input.amount);
    return await createPayment(tx, input);
  };
  return "savepoint" in sql ? await run(sql) : await sql.begin(run) as never;
}
