/**
 * Checks a transfer before it reaches SQL: ids and codes of the table's
 * shape, account kinds, amounts that are whole, positive, safe integers.
 * Anything else is a caller's bug: `DomainError("invalid_transfer")`.
 */
import { DomainError } from "../../core/errors.ts";
import type { AccountRef, TransferInput } from "./ledger.ts";

const KINDS = new Set(["user", "house", "escrow", "takeout", "breakage", "clearing", "debt"]);
const ID = /^[A-Za-z0-9:._-]{1,160}$/;
const CODE = /^[a-z][a-z_-]{0,31}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function invalid(message: string, extra: Record<string, unknown> = {}): never {
  throw new DomainError("invalid_transfer", message, extra);
}

/** True for an amount the ledger accepts: an integer from 1 to Number.MAX_SAFE_INTEGER. */
export function isAmount(amount: unknown): amount is number {
  return typeof amount === "number" && Number.isSafeInteger(amount) && amount > 0;
}

export function validateId(id: unknown): string {
  if (typeof id !== "string" || !ID.test(id)) invalid(`Transfer id "${String(id)}" is malformed`);
  return id;
}

export function validateRef(ref: AccountRef): AccountRef {
  if (!ref || !KINDS.has(ref.kind)) invalid(`Account kind "${String(ref?.kind)}" is unknown`);
  const owner = ref.owner ?? "";
  if (typeof owner !== "string" || owner.length > 64) {
    invalid(`Account owner "${String(owner)}" is malformed`);
  }
  return { kind: ref.kind, owner };
}

export function validateTransfer(t: TransferInput): TransferInput {
  validateId(t?.id);
  if (!isAmount(t.amount)) {
    invalid(
      `Amount "${
        String(t.amount)
      }" of transfer "${t.id}" is not a whole number from 1 to ${Number.MAX_SAFE_INTEGER}`,
    );
  }
  if (typeof t.code !== "string" || !CODE.test(t.code)) {
    invalid(`Code "${String(t.code)}" is malformed`);
  }
  const debit = validateRef(t.debit);
  const credit = validateRef(t.credit);
  if (debit.kind === credit.kind && debit.owner === credit.owner) {
    invalid(`Transfer "${t.id}" debits and credits the same account`);
  }
  for (const [name, v] of [["marketId", t.marketId], ["betId", t.betId]] as const) {
    if (v !== undefined && (typeof v !== "string" || !UUID.test(v))) {
      invalid(`${name} "${String(v)}" is not a uuid`);
    }
  }
  if (
    t.memo !== undefined && (typeof t.memo !== "object" || t.memo === null || Array.isArray(t.memo))
  ) {
    invalid(`Memo of transfer "${t.id}" is not an object`);
  }
  const lower = (v?: string) => v === undefined ? undefined : v.toLowerCase();
  return { ...t, debit, credit, marketId: lower(t.marketId), betId: lower(t.betId) };
}
