/** The withdrawal API's shapes (request bodies and the JSON a withdrawal is shown as). */
import { z } from "../api.ts";
import { WITHDRAWAL_STATES } from "./repo.ts";

export const WithdrawalSchema = z.object({
  id: z.string(),
  userId: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  state: z.enum(WITHDRAWAL_STATES),
  method: z.enum(["stripe", "paypal", "manual"]).nullable(),
  reference: z.string().nullable(),
  failure: z.string().nullable(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
}).openapi("Withdrawal");

export const WithdrawalRequestSchema = z.strictObject({
  amount: z.number().int("Must be a whole number of minor units (cents)")
    .positive("Must be more than 0").max(100_000_000),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9:._-]{8,100}$/).optional(),
}).openapi("WithdrawalRequest");

export const WithdrawalIdParam = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
});

export const WithdrawalList = z.object({ items: z.array(WithdrawalSchema) })
  .openapi("Withdrawals");

export const RejectSchema = z.strictObject({ reason: z.string().trim().min(1).max(500) });
export const MarkPaidSchema = z.strictObject({ reference: z.string().trim().min(1).max(200) });
