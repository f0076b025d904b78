/**
 * Accounts: sign-up, login, refresh, logout and password change.
 *
 * A session is an access token (JWT, `ACCESS_TOKEN_TTL_S`, carries the role
 * and the session id `sid`) plus an opaque refresh token
 * (`REFRESH_TOKEN_TTL_S`). Every refresh spends its token and issues the next
 * one of the same family; presenting a spent token revokes the whole family
 * (`refresh_reused`). Refresh reads the role from the database, so a role
 * change takes effect at the next refresh, and a disabled account cannot
 * refresh. Access tokens already issued stay valid until they expire.
 *
 * Logins are throttled per account and per client address
 * ({@linkcode THROTTLES}); an unknown email costs one dummy KDF run, so
 * answers and timing do not tell which emails have accounts. A disabled
 * account's login answers 403 `account_disabled`, but only to the right
 * password; its refresh answers 401 `account_disabled`.
 *
 * @example
 * ```ts
 * const accounts = createAccounts({ sql, kv, keys, accessTtlS: 900, refreshTtlS: 86400 });
 * const s = await accounts.signup({ email: "ada@example.com", password: "correct horse", displayName: "Ada" }, { ip });
 * const next = await accounts.refresh(s.refreshToken, {});
 * ```
 * @module
 */
import { DomainError, HttpError } from "../../core/problem.ts";
import { recordAudit } from "../audit/log.ts";
import type { AuthUser } from "../auth/guard.ts";
import { DEFAULT_ROLE } from "../auth/roles.ts";
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

export interface AccountsOptions {
  sql: Sql;
  kv: Deno.Kv;
  keys: SigningKeys;
  accessTtlS: number;
  refreshTtlS: number;
  /** Clock for the throttles (ms since the epoch), for tests. */
  now?: () => number;
}

export interface Session {
  user: { id: string; email: string; displayName: string; role: User["role"] };
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
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
}

const invalidCredentials = () =>
  new DomainError("invalid_credentials", "The email or password is wrong");
const accountDisabled = () => new DomainError("account_disabled", "This account is disabled");
const REFRESH_ERRORS = {
  unknown: () => new DomainError("invalid_refresh_token", "The refresh token is not valid"),
  expired: () =>
    new DomainError("refresh_expired", "The refresh token has expired; log in again"),
  revoked: () =>
    new DomainError("refresh_revoked", "The refresh token was revoked; log in again"),
  reused: () =>
    new DomainError(
      "refresh_reused",
      "The refresh token was already used; every token of this login is now revoked",
    ),
};

export function createAccounts(o: AccountsOptions) {
  const { sql } = o;
  const throttle = {
    account: createThrottle({ kv: o.kv, now: o.now, ...THROTTLES.loginAccount }),
    ip: createThrottle({ kv: o.kv, now: o.now, ...THROTTLES.loginIp }),
    signup: createThrottle({ kv: o.kv, now: o.now, ...THROTTLES.signupIp }),
  };

  /** A new access token and the next refresh token of `familyId` (a new family by default). */
  async function issue(
    tx: SqlOrTx,
    user: User,
    familyId: string = crypto.randomUUID(),
  ): Promise<Session> {
    const { token } = await issueRefreshToken(tx, {
      userId: user.id,
      familyId,
      ttlSeconds: o.refreshTtlS,
    });
    const accessToken = await signAccessToken(o.keys, {
      sub: user.id,
      email: user.email,
      role: user.role,
      sid: familyId,
    }, o.accessTtlS);
    return {
      user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role },
      accessToken,
      refreshToken: token,
      expiresIn: o.accessTtlS,
    };
  }

  /** Counts a password attempt against the address and the account, or throws 429. */
  async function consumeAttempt(ip: string, account: string): Promise<void> {
    let wait = await throttle.ip.consume(ip);
    if (wait) throw tooManyAttempts(wait);
    wait = await throttle.account.consume(account);
    if (wait) {
      await throttle.ip.refund(ip);
      throw tooManyAttempts(wait);
    }
  }

  /** The attempt succeeded: it counts against nobody, and the account's failures are forgiven. */
  async function forgiveAttempt(ip: string, account: string): Promise<void> {
    await Promise.all([throttle.ip.refund(ip), throttle.account.clear(account)]);
  }

  return {
    /** A new spectator account and its first session; 409 `email_taken` when the email has an account. */
    async signup(input: SignupInput, caller: Caller): Promise<Session> {
      const wait = await throttle.signup.consume(caller.ip ?? "unknown");
      if (wait) throw tooManyAttempts(wait);
      const passwordHash = await hashPassword(input.password);
      return await sql.begin(async (tx) => {
        const user = await insertUser(tx, {
          email: input.email,
          displayName: input.displayName,
          role: DEFAULT_ROLE,
          passwordHash,
        });
        if (!user) {
          throw new DomainError("email_taken", `An account for "${input.email}" already exists`);
        }
        return await issue(tx, user);
      });
    },

    async login(input: { email: string; password: string }, caller: Caller): Promise<Session> {
      const ip = caller.ip ?? "unknown";
      const account = input.email.toLowerCase();
      await consumeAttempt(ip, account);
      const user = await findUserByEmail(sql, input.email);
      const ok = user
        ? await verifyPassword(user.passwordHash, input.password)
        : await verifyDummy(input.password);
      if (!user || !ok) throw invalidCredentials();
      await forgiveAttempt(ip, account);
      if (user.disabled) throw accountDisabled();
      return await sql.begin(async (tx) => {
        if (needsRehash(user.passwordHash)) {
          await updateUser(tx, user.id, { passwordHash: await hashPassword(input.password) });
        }
        return await issue(tx, user);
      });
    },

    /** Spends `refreshToken` and issues the next pair with the user's current role. */
    async refresh(refreshToken: string, caller: Caller): Promise<Session> {
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
          return { error: REFRESH_ERRORS[spent.reason]() };
        }
        const user = await getUser(tx, spent.userId);
        if (!user) return { error: REFRESH_ERRORS.unknown() };
        if (user.disabled) {
          await revokeUserTokens(tx, user.id);
          // 401, not 403: the refresh token no longer grants anything, and clients drop it.
          return { error: new HttpError(401, "account_disabled", "This account is disabled") };
        }
        return { session: await issue(tx, user, spent.familyId) };
      });
      if ("error" in outcome) throw outcome.error;
      return outcome.session;
    },

    /** Revokes the family of `refreshToken`; an unknown or spent token is not an error. */
    async logout(refreshToken: string): Promise<void> {
      await sql.begin(async (tx) => {
        const spent = await spendRefreshToken(tx, refreshToken);
        if ("familyId" in spent) await revokeFamily(tx, spent.familyId);
      });
    },

    /**
     * Checks `currentPassword` (throttled like a login; 403 `wrong_password`),
     * stores the new one and revokes every other login of the user.
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
      const ip = caller.ip ?? "unknown";
      const account = user.email.toLowerCase();
      await consumeAttempt(ip, account);
      if (!await verifyPassword(user.passwordHash, currentPassword)) {
        throw new DomainError("wrong_password", "The current password is wrong");
      }
      await forgiveAttempt(ip, account);
      const passwordHash = await hashPassword(newPassword);
      await sql.begin(async (tx) => {
        await updateUser(tx, user.id, { passwordHash });
        const revoked = await revokeUserTokens(tx, user.id, who.sessionId);
        await recordAudit(tx, {
          actor: who,
          action: "user.password",
          targetType: "user",
          targetId: user.id,
          detail: { refreshTokensRevoked: revoked },
          requestId: caller.requestId,
        });
      });
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
