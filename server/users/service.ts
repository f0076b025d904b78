/**
 * Accounts: sign-up, login, refresh, logout and password change.
 *
 * A login (one sign-in, and everything rotated from it) is an access token
 * (JWT, `ACCESS_TOKEN_TTL_S`, naming the login in `sid`) plus an opaque
 * refresh token (`REFRESH_TOKEN_TTL_S`). Every refresh spends its token and
 * issues the next one of the same login; presenting a spent token revokes the
 * whole login (`refresh_reused`). No login outlives `REFRESH_ABSOLUTE_TTL_S`
 * from its sign-in, however often it is refreshed (then 401 `login_expired`).
 * Refresh reads the role from the database and a disabled account cannot
 * refresh. Access tokens are checked against the user's standing on every
 * request (server/auth/standing.ts): whatever ends a login here (logout, a
 * password change, a replayed token, disabling) ends its access tokens too,
 * at once.
 *
 * Password attempts are throttled with backoff per account and address, per
 * address and per account (server/auth/login_throttle.ts); an unknown email
 * costs one dummy KDF run, so answers and timing do not tell which emails
 * have accounts. A disabled account's login answers 403 `account_disabled`,
 * but only to the right password; its refresh answers 401 `account_disabled`.
 *
 * @example
 * ```ts
 * const accounts = createAccounts({ sql, kv, keys, standing, accessTtlS: 900, refreshTtlS: 86400, absoluteTtlS: 30 * 86400 });
 * const t = await accounts.signup({ email: "ada@example.com", password: "correct horse", displayName: "Ada" }, { ip });
 * const next = await accounts.refresh(t.refreshToken, {});
 * ```
 * @module
 */
import { DomainError, HttpError } from "../../core/problem.ts";
import { recordAudit } from "../audit/log.ts";
import type { AuthUser } from "../auth/guard.ts";
import { createLoginThrottle } from "../auth/login_throttle.ts";
import { DEFAULT_ROLE } from "../auth/roles.ts";
import type { Standing } from "../auth/standing.ts";
import { createThrottle, THROTTLES, tooManyAttempts } from "../auth/throttle.ts";
import { signAccessToken } from "../auth/tokens.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import type { SigningKeys } from "../keys.ts";
import { hashPassword, needsRehash, verifyDummy, verifyPassword } from "./password.ts";
import {
  issueRefreshToken,
  revokeFamily,
  revokeUserTokens,
  spendRefreshToken,
} from "./refresh_tokens.ts";
import { findUserByEmail, getUser, insertUser, updateUser, type User } from "./repo.ts";
import { queueMail, recentMailCount } from "../mail/messages.ts";
import { confirmMail, takenMail } from "../mail/signup_mail.ts";
import { spendSignupRequest, storeSignupRequest } from "./signup_requests.ts";

export interface AccountsOptions {
  sql: Sql;
  kv: Deno.Kv;
  keys: SigningKeys;
  standing: Standing;
  accessTtlS: number;
  refreshTtlS: number;
  /** No login lasts longer than this from its sign-in. */
  absoluteTtlS: number;
  /** How long a sign-up's confirmation link works. */
  signupLinkTtlS: number;
  /** Wakes the outbox consumer after a mail is queued. */
  wake?: () => void;
  /** Clock for the throttles (ms since the epoch), for tests. */
  now?: () => number;
}

/** What a sign-up, a login or a refresh gives: the tokens of one login. */
export interface LoginTokens {
  user: { id: string; email: string; displayName: string; role: User["role"] };
  accessToken: string;
  /** Seconds the access token lasts. */
  expiresIn: number;
  refreshToken: string;
  /** When `refreshToken` expires (at the login's absolute end at the latest). */
  refreshExpiresAt: Date;
}

/** Where a request came from and which request it is. */
export interface Caller {
  ip?: string;
  requestId?: string;
}

export interface SignupInput {
  email: string;
  password: string;
  displayName: string;
  /** The path on this site to go to once the email is confirmed. */
  next?: string;
}

/** Confirmation mails one address gets per hour (more sign-ups send nothing). */
export const CONFIRM_MAILS_PER_HOUR = 3;
/** "Someone tried to sign up" notices one address gets per hour. */
export const TAKEN_NOTICES_PER_HOUR = 1;

const invalidCredentials = () =>
  new DomainError("invalid_credentials", "The email or password is wrong");
const accountDisabled = () => new DomainError("account_disabled", "This account is disabled");
const REFRESH_ERRORS = {
  unknown: () => new DomainError("invalid_refresh_token", "The refresh token is not valid"),
  expired: () => new DomainError("refresh_expired", "The refresh token has expired; log in again"),
  revoked: () => new DomainError("refresh_revoked", "The refresh token was revoked; log in again"),
  reused: () =>
    new DomainError(
      "refresh_reused",
      "The refresh token was already used; every token of this login is now revoked",
    ),
  tooOld: () =>
    new DomainError("login_expired", "This login has reached its longest lifetime; log in again"),
};

export function createAccounts(o: AccountsOptions) {
  const { sql } = o;
  const attempts = createLoginThrottle({ kv: o.kv, now: o.now });
  const signups = createThrottle({ kv: o.kv, now: o.now, ...THROTTLES.signupIp });
  const absoluteMs = o.absoluteTtlS * 1000;

  /**
   * A new access token and the next refresh token of `login` (a new login,
   * starting now, by default).
   */
  async function issue(
    tx: SqlOrTx,
    user: User,
    login: { id: string; startedAt?: Date } = { id: crypto.randomUUID() },
  ): Promise<LoginTokens> {
    const { token, expiresAt } = await issueRefreshToken(tx, {
      userId: user.id,
      familyId: login.id,
      ttlSeconds: o.refreshTtlS,
      absoluteTtlSeconds: o.absoluteTtlS,
      startedAt: login.startedAt,
    });
    const accessToken = await signAccessToken(o.keys, {
      sub: user.id,
      email: user.email,
      role: user.role,
      sid: login.id,
    }, o.accessTtlS);
    return {
      user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role },
      accessToken,
      expiresIn: o.accessTtlS,
      refreshToken: token,
      refreshExpiresAt: expiresAt,
    };
  }

  return {
    /**
     * Starts a sign-up and answers nothing, whether or not the email has an
     * account: a new address is mailed the link that creates the account
     * (`confirmSignup`), the owner of a taken one a notice. Both cost one KDF
     * run and one transaction, so neither answer nor timing tells them
     * apart. An address gets at most `CONFIRM_MAILS_PER_HOUR` links and
     * `TAKEN_NOTICES_PER_HOUR` notices an hour (the rest send nothing).
     */
    async signup(input: SignupInput, caller: Caller & { base: string }): Promise<void> {
      const wait = await signups.consume(caller.ip ?? "unknown");
      if (wait) throw tooManyAttempts(wait);
      const passwordHash = await hashPassword(input.password);
      const queued = await sql.begin(async (tx) => {
        if (await findUserByEmail(tx, input.email)) {
          const sent = await recentMailCount(tx, input.email, "signup_taken", 60);
          if (sent >= TAKEN_NOTICES_PER_HOUR) return false;
          await queueMail(tx, takenMail({ to: input.email, base: caller.base }));
          return true;
        }
        const sent = await recentMailCount(tx, input.email, "signup_confirm", 60);
        if (sent >= CONFIRM_MAILS_PER_HOUR) return false;
        const token = await storeSignupRequest(tx, {
          email: input.email,
          displayName: input.displayName,
          passwordHash,
          nextPath: input.next ?? null,
        }, o.signupLinkTtlS);
        await queueMail(
          tx,
          confirmMail({
            to: input.email,
            displayName: input.displayName,
            base: caller.base,
            token,
            ttlHours: Math.round(o.signupLinkTtlS / 360) / 10,
          }),
        );
        return true;
      });
      if (queued) o.wake?.();
    },

    /**
     * Creates the account of a mailed sign-up link and its first login
     * (400 `signup_link_invalid` for a link that is unknown, used or
     * expired; 409 `email_taken` when another link of the address was used
     * first: only the mailbox's owner holds either link).
     */
    async confirmSignup(token: string): Promise<LoginTokens & { next: string | null }> {
      return await sql.begin(async (tx) => {
        const request = await spendSignupRequest(tx, token);
        if (!request) {
          throw new DomainError(
            "signup_link_invalid",
            "This sign-up link was already used, has expired or is not valid",
          );
        }
        const user = await insertUser(tx, {
          email: request.email,
          displayName: request.displayName,
          role: DEFAULT_ROLE,
          passwordHash: request.passwordHash,
        });
        if (!user) {
          throw new DomainError("email_taken", `An account for "${request.email}" already exists`);
        }
        return { ...await issue(tx, user), next: request.nextPath };
      });
    },

    /** Ends every login of the user (this one too), their access tokens included. */
    async logoutEverywhere(who: AuthUser, caller: Caller): Promise<number> {
      const revoked = await sql.begin(async (tx) => {
        const n = await revokeUserTokens(tx, who.id);
        await recordAudit(tx, {
          actor: who,
          action: "user.logout_everywhere",
          targetType: "user",
          targetId: who.id,
          detail: { refreshTokensRevoked: n },
          requestId: caller.requestId,
        });
        return n;
      });
      await o.standing.forget(who.id);
      return revoked;
    },

    async login(input: { email: string; password: string }, caller: Caller): Promise<LoginTokens> {
      const attempt = await attempts.begin(input.email.toLowerCase(), caller.ip ?? "unknown");
      const user = await findUserByEmail(sql, input.email);
      const ok = user
        ? await verifyPassword(user.passwordHash, input.password)
        : await verifyDummy(input.password);
      if (!user || !ok) throw invalidCredentials();
      await attempt.succeeded();
      if (user.disabled) throw accountDisabled();
      return await sql.begin(async (tx) => {
        if (needsRehash(user.passwordHash)) {
          await updateUser(tx, user.id, { passwordHash: await hashPassword(input.password) });
        }
        return await issue(tx, user);
      });
    },

    /** Spends `refreshToken` and issues the next pair of its login with the user's current role. */
    async refresh(refreshToken: string, caller: Caller): Promise<LoginTokens> {
      const outcome = await sql.begin(async (tx) => {
        const spent = await spendRefreshToken(tx, refreshToken);
        if (!spent.ok) {
          if (spent.reason === "reused") {
            const revoked = await revokeFamily(tx, spent.familyId);
            await recordAudit(tx, {
              actor: null,
              action: "auth.refresh_reused",
              targetType: "user",
              targetId: spent.userId,
              detail: { familyId: spent.familyId, revoked },
              requestId: caller.requestId,
            });
          }
          const forget = spent.reason === "reused" ? spent.userId : undefined;
          return { error: REFRESH_ERRORS[spent.reason](), forget };
        }
        const user = await getUser(tx, spent.userId);
        if (!user) return { error: REFRESH_ERRORS.unknown() };
        if (user.disabled) {
          await revokeUserTokens(tx, user.id);
          // 401, not 403: the refresh token no longer grants anything, and clients drop it.
          return {
            error: new HttpError(401, "account_disabled", "This account is disabled"),
            forget: user.id,
          };
        }
        if (spent.startedAt.getTime() + absoluteMs <= Date.now()) {
          await revokeFamily(tx, spent.familyId);
          return { error: REFRESH_ERRORS.tooOld(), forget: user.id };
        }
        return {
          tokens: await issue(tx, user, { id: spent.familyId, startedAt: spent.startedAt }),
        };
      });
      if ("error" in outcome) {
        if (outcome.forget) await o.standing.forget(outcome.forget);
        throw outcome.error;
      }
      return outcome.tokens;
    },

    /** Ends the login of `refreshToken` (its access tokens too); an unknown or spent token is not an error. */
    async logout(refreshToken: string): Promise<void> {
      const userId = await sql.begin(async (tx) => {
        const spent = await spendRefreshToken(tx, refreshToken);
        if (!("familyId" in spent)) return null;
        await revokeFamily(tx, spent.familyId);
        return spent.userId;
      });
      if (userId) await o.standing.forget(userId);
    },

    /**
     * Checks `currentPassword` (throttled like a login; 403 `wrong_password`),
     * stores the new one and ends every other login of the user, access
     * tokens included.
     */
    async changePassword(
      who: AuthUser,
      currentPassword: string,
      newPassword: string,
      caller: Caller,
    ): Promise<void> {
      const user = await getUser(sql, who.id);
      if (!user) {
        throw new HttpError(
          401,
          "unknown_user",
          "The account of this access token no longer exists",
        );
      }
      if (user.disabled) throw accountDisabled();
      const attempt = await attempts.begin(user.email.toLowerCase(), caller.ip ?? "unknown");
      if (!await verifyPassword(user.passwordHash, currentPassword)) {
        throw new DomainError("wrong_password", "The current password is wrong");
      }
      await attempt.succeeded();
      const passwordHash = await hashPassword(newPassword);
      await sql.begin(async (tx) => {
        await updateUser(tx, user.id, { passwordHash });
        const revoked = await revokeUserTokens(tx, user.id, who.loginId);
        await recordAudit(tx, {
          actor: who,
          action: "user.password",
          targetType: "user",
          targetId: user.id,
          detail: { refreshTokensRevoked: revoked },
          requestId: caller.requestId,
        });
      });
      await o.standing.forget(user.id);
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
