/**
 * Who is old enough to bet: full years between a date of birth
 * (`YYYY-MM-DD`) and today, in UTC, and which dates of birth are believable
 * (not in the future, not before 1900).
 *
 * @example
 * ```ts
 * ageOn("2000-02-29", new Date("2018-02-28T12:00:00Z")); // 17
 * ```
 * @module
 */
import { DomainError } from "./errors.ts";

/** The earliest date of birth accepted. */
export const EARLIEST_BIRTH_DATE = "1900-01-01";

/** Full years from `dateOfBirth` to the UTC day of `today`. */
export function ageOn(dateOfBirth: string, today: Date): number {
  const [y, m, d] = dateOfBirth.split("-").map(Number);
  const ty = today.getUTCFullYear();
  const tm = today.getUTCMonth() + 1;
  const td = today.getUTCDate();
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}

/** Throws 400 `invalid_date_of_birth` for a date in the future or before 1900. */
export function assertBelievableBirthDate(dateOfBirth: string, today: Date): void {
  const todayIso = today.toISOString().slice(0, 10);
  if (dateOfBirth > todayIso) {
    throw new DomainError(
      "invalid_date_of_birth",
      `Date of birth "${dateOfBirth}" is in the future`,
    );
  }
  if (dateOfBirth < EARLIEST_BIRTH_DATE) {
    throw new DomainError(
      "invalid_date_of_birth",
      `Date of birth "${dateOfBirth}" is before ${EARLIEST_BIRTH_DATE}`,
    );
  }
}
