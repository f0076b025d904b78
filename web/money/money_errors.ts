/**
 * Money errors in plain words, by the problem's `code`. The server's own
 * text never shows: it is written for developers, and a bettor who hits a
 * limit or an exclusion needs to know what it means for them.
 *
 * @example
 * ```ts
 * moneyErrorText(new ApiError({ status: 422, code: "deposit-limit" }));
 * // "This deposit would go over your deposit limit. …"
 * ```
 * @module
 */
import { ApiError } from "../api.ts";
import { formatMoney } from "../betting/money.ts";

const TEXT: Record<string, string> = {
  "deposit-limit":
    "This deposit would go over your deposit limit. Try a smaller amount, or wait until the limit resets.",
  "self-excluded":
    "Your account is paused by a time-out or self-exclusion. Deposits and bets are blocked until it ends; you can still withdraw.",
  "insufficient-funds":
    "You don't have that much available. Money held for open bets or other withdrawals can't be withdrawn.",
  provider_unavailable: "That payment method isn't available right now. Choose another one.",
  phone_not_verified: "Verify your phone number first.",
  sandbox_disabled: "Demo money is turned off on this site.",
  not_a_bettor: "Start betting first: confirm your age to get a wallet.",
  staff_may_not_bet: "Staff and admin accounts have no wallet.",
  payout_failed: "The payout could not be made. Your money is back in your wallet.",
  "loss-limit": "You have reached your daily loss limit. You can bet again tomorrow.",
  withdrawal_not_cancelable: "This withdrawal can no longer be canceled.",
};

/** What to tell the bettor about a failed money action. */
export function moneyErrorText(error: unknown): string {
  if (error instanceof ApiError) {
    const known = error.code ? TEXT[error.code] : undefined;
    if (error.code === "deposit-limit") return depositLimitText(error) ?? TEXT["deposit-limit"];
    if (error.code === "self-excluded" && typeof error.extra.until === "string") {
      const until = new Date(error.extra.until);
      if (!Number.isNaN(until.getTime())) {
        return `${TEXT["self-excluded"]} It ends ${until.toLocaleString()}.`;
      }
    }
    if (known) return known;
    if (error.status === 429) return "Too many tries. Wait a moment and try again.";
    if (error.status === 401) return "Your sign-in ran out. Sign in again.";
    if (error.status === 400 || error.status === 422) {
      return "That amount or choice isn't accepted. Check it and try again.";
    }
    if (error.status === 404) return "That isn't available on this site yet.";
    if (error.status >= 500) return "Something went wrong on our side. Try again in a moment.";
    return "That didn't work. Try again.";
  }
  if (error instanceof TypeError) return "Cannot reach the server. Check your connection.";
  return "That didn't work. Try again.";
}

const PERIOD: Record<string, string> = {
  "deposit-daily": "daily",
  "deposit-weekly": "weekly",
  "deposit-monthly": "monthly",
};

/**
 * Names the limit and the room left under it when the problem says
 * (`limit` "deposit-daily", `room` in minor units): "This deposit would go
 * over your daily deposit limit. You can still deposit $15.00."
 */
function depositLimitText(error: ApiError): string | undefined {
  const { room, limit, currency } = error.extra;
  if (typeof room !== "number" || !Number.isSafeInteger(room)) return undefined;
  const period = typeof limit === "string" ? PERIOD[limit] : undefined;
  const first = period
    ? `This deposit would go over your ${period} deposit limit.`
    : "This deposit would go over your deposit limit.";
  const left = room > 0
    ? `You can still deposit ${
      formatMoney(room, typeof currency === "string" ? currency : undefined)
    }.`
    : "Try again when the limit resets.";
  return `${first} ${left}`;
}
