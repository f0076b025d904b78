/**
 * Account closure (`POST /api/me/close`), in one transaction: refused while
 * a bet is open (409 `open-bets`: it must settle first); otherwise a closure
 * exclusion from now on (no bet or deposit any more), the whole
 * available balance held as a withdrawal for staff to pay out, every login
 * ended. The user's account row and then their ledger account are locked
 * before the open bets are counted, so a bet being placed either counts or
 * comes after and finds the balance gone.
 */
import { DomainError } from "../../core/errors.ts";
import { recordAudit } from "../audit/log.ts";
import type { AuthUser } from "../auth/guard.ts";
import type { Standing } from "../auth/standing.ts";
import type { Sql } from "../db.ts";
import type { Ledger } from "../ledger/ledger.ts";
import { revokeUserTokens } from "../users/refresh_tokens.ts";
import type { Withdrawal } from "../withdrawals/repo.ts";
import { holdWithdrawal } from "../withdrawals/service.ts";
import { exclusionError } from "./checks.ts";
import { activeExclusions, insertExclusion, lockUser } from "./repo.ts";

export async function closeAccount(
  deps: { sql: Sql; ledger: Ledger; standing: Standing },
  user: AuthUser,
  now: Date,
): Promise<{ withdrawal: Withdrawal | null }> {
  const out = await deps.sql.begin(async (tx) => {
    await lockUser(tx, user.id);
    const [closed] = (await activeExclusions(tx, user.id, now)).filter((e) => e.kind === "closure");
    if (closed) throw exclusionError(closed);
    await tx`
      select id from ledger_accounts
      where kind = 'user' and owner = ${user.id} and currency = ${deps.ledger.currency} for update`;
    const [{ open }] = await tx<{ open: number }[]>`
      select count(*)::int as open from bets where user_id = ${user.id} and state = 'open'`;
    if (open > 0) {
      throw new DomainError(
        "open-bets",
        `${open} bet${open === 1 ? " is" : "s are"} still open: close the account once they settle`,
        { open },
      );
    }
    await insertExclusion(tx, { userId: user.id, kind: "closure", startsAt: now, endsAt: null });
    const { available } = await deps.ledger.balance(tx, user.id);
    const withdrawal = available > 0
      ? (await holdWithdrawal(tx, deps.ledger, user, { amount: available, closing: true }))
        .withdrawal
      : null;
    const logins = await revokeUserTokens(tx, user.id);
    await recordAudit(tx, {
      actor: user,
      action: "account.close",
      targetType: "user",
      targetId: user.id,
      detail: { withdrawalId: withdrawal?.id ?? null, amount: available, logins },
    });
    return { withdrawal };
  }) as { withdrawal: Withdrawal | null };
  await deps.standing.forget(user.id);
  return out;
}
