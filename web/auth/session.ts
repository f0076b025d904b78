/**
 * Who is signed in, as a small signal model. The access token lives only in
 * memory; the refresh token is kept in `localStorage` so a reload (or a new
 * tab) can sign in again without the password. Refresh tokens rotate on every
 * use, so renewals are serialised across tabs with a Web Lock and always use
 * the newest stored token.
 *
 * {@linkcode AuthSession.fetch} sends the access token and, when the server
 * answers 401, renews the token once and asks again.
 *
 * @example
 * ```ts
 * const auth = new AuthSession();
 * await auth.restore();
 * if (!auth.user.value) await auth.login("staff@alley.example", "correct horse");
 * const lanes = await requestJson(auth.fetch, "/api/staff/lanes");
 * ```
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";
import { ApiError, type AuthedFetch, requestJson } from "../api.ts";

export type Role = "spectator" | "bettor" | "staff" | "admin";

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
}

/** What login, sign-up and refresh answer. */
export interface TokenPair {
  user?: User;
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token lives. */
  expiresIn: number;
}

export type AuthStatus = "restoring" | "signedOut" | "signedIn";

export const REFRESH_TOKEN_KEY = "lanecast.refreshToken";

/** Renew this long before the access token expires rather than wait for a 401. */
const EARLY_RENEW_MS = 15_000;

export interface AuthSessionOptions {
  /** Prefix for every path. Default: "" (same origin). */
  baseUrl?: string;
  /** Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Where the refresh token is kept. Default: `localStorage` when there is one. */
  storage?: Pick<Storage, "getItem" | "setItem" | "removeItem"> | null;
  /** Serialises renewals across tabs. Default: `navigator.locks` when there is one. */
  locks?: Pick<LockManager, "request"> | null;
  /** Default: `Date.now`. */
  now?: () => number;
}

export class AuthSession {
  readonly user = signal<User | null>(null);
  readonly status = signal<AuthStatus>("restoring");
  readonly isStaff: ReadonlySignal<boolean> = computed(() =>
    this.user.value?.role === "staff" || this.user.value?.role === "admin"
  );
  readonly isAdmin: ReadonlySignal<boolean> = computed(() => this.user.value?.role === "admin");

  #baseUrl: string;
  #fetch: typeof fetch;
  #storage: AuthSessionOptions["storage"];
  #locks: AuthSessionOptions["locks"];
  #now: () => number;
  #accessToken: string | null = null;
  #expiresAt = 0;
  #renewing: Promise<boolean> | null = null;
  #restoring: Promise<void> | null = null;

  constructor(options: AuthSessionOptions = {}) {
    this.#baseUrl = options.baseUrl ?? "";
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#storage = options.storage !== undefined ? options.storage : safeLocalStorage();
    this.#locks = options.locks !== undefined ? options.locks : globalThis.navigator?.locks ?? null;
    this.#now = options.now ?? Date.now;
  }

  /** Signs in again from a stored refresh token, if there is one. Safe to call twice. */
  restore(): Promise<void> {
    return this.#restoring ??= (async () => {
      if (!this.#storedRefreshToken()) {
        this.status.value = "signedOut";
        return;
      }
      await this.#renew();
    })();
  }

  async login(email: string, password: string): Promise<User> {
    return await this.#adopt(
      await requestJson<TokenPair>(this.#fetch, this.#baseUrl + "/api/auth/login", {
        method: "POST",
        body: { email, password },
      }),
    );
  }

  async signup(email: string, password: string, displayName: string): Promise<User> {
    return await this.#adopt(
      await requestJson<TokenPair>(this.#fetch, this.#baseUrl + "/api/auth/signup", {
        method: "POST",
        body: { email, password, displayName },
      }),
    );
  }

  /** Revokes the refresh token (best effort) and forgets both tokens. */
  async logout(): Promise<void> {
    const refreshToken = this.#storedRefreshToken();
    this.#clear();
    if (!refreshToken) return;
    await requestJson(this.#fetch, this.#baseUrl + "/api/auth/logout", {
      method: "POST",
      body: { refreshToken },
    }).catch(() => {/* signed out here either way */});
  }

  /** Another tab rotated or removed the refresh token: follow it. */
  onStorage = (event: Pick<StorageEvent, "key" | "newValue">): void => {
    if (event.key !== REFRESH_TOKEN_KEY) return;
    if (event.newValue === null) this.#clear();
  };

  /** `fetch` with the access token; a 401 renews the token once and retries. */
  readonly fetch: AuthedFetch = async (input, init) => {
    if (this.#restoring) await this.#restoring;
    if (this.#accessToken && this.#now() > this.#expiresAt - EARLY_RENEW_MS) await this.#renew();
    const tokenUsed = this.#accessToken;
    const response = await this.#send(input, init, tokenUsed);
    if (response.status !== 401 || !this.#storedRefreshToken()) return response;
    // Another call may have renewed meanwhile; otherwise renew now.
    const renewed = this.#accessToken !== tokenUsed || await this.#renew();
    if (!renewed || !this.#accessToken) return response;
    await response.body?.cancel();
    return await this.#send(input, init, this.#accessToken);
  };

  #send(input: RequestInfo | URL, init: RequestInit | undefined, token: string | null) {
    const headers = new Headers(init?.headers);
    if (token) headers.set("authorization", `Bearer ${token}`);
    const url = typeof input === "string" && input.startsWith("/") ? this.#baseUrl + input : input;
    return this.#fetch(url, { ...init, headers });
  }

  /** One renewal at a time (in this tab and across tabs); true when it worked. */
  #renew(): Promise<boolean> {
    return this.#renewing ??= (async () => {
      try {
        const run = () => this.#renewNow();
        return this.#locks
          ? await this.#locks.request("lanecast-auth-refresh", run) as boolean
          : await run();
      } finally {
        this.#renewing = null;
      }
    })();
  }

  async #renewNow(): Promise<boolean> {
    // Read under the lock: another tab may have rotated the token just now.
    const refreshToken = this.#storedRefreshToken();
    if (!refreshToken) {
      this.#clear();
      return false;
    }
    try {
      const pair = await requestJson<TokenPair>(this.#fetch, this.#baseUrl + "/api/auth/refresh", {
        method: "POST",
        body: { refreshToken },
      });
      await this.#adopt(pair);
      return true;
    } catch (error) {
      // A refused token is spent or revoked; anything else (offline) may pass.
      if (error instanceof ApiError && (error.status === 400 || error.status === 401)) {
        this.#clear();
      } else if (!this.user.value) {
        this.status.value = "signedOut";
      }
      return false;
    }
  }

  async #adopt(pair: TokenPair): Promise<User> {
    this.#accessToken = pair.accessToken;
    this.#expiresAt = this.#now() + pair.expiresIn * 1000;
    this.#storage?.setItem(REFRESH_TOKEN_KEY, pair.refreshToken);
    const user = pair.user ??
      await requestJson<User>(
        (input, init) => this.#send(input, init, pair.accessToken),
        "/api/me",
      );
    this.user.value = user;
    this.status.value = "signedIn";
    return user;
  }

  #clear(): void {
    this.#accessToken = null;
    this.#expiresAt = 0;
    this.#storage?.removeItem(REFRESH_TOKEN_KEY);
    this.user.value = null;
    this.status.value = "signedOut";
  }

  #storedRefreshToken(): string | null {
    return this.#storage?.getItem(REFRESH_TOKEN_KEY) ?? null;
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage blocked by the browser's settings
  }
}
