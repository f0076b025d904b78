/**
 * Who is signed in (their login), as a small signal model. The access token
 * lives only in memory. The refresh token is an HttpOnly cookie the server
 * sets on `/api/auth` (scripts never see it), so a reload or a new tab signs
 * in again by asking `/api/auth/refresh` with that cookie. `localStorage`
 * keeps only a hint that someone is signed in (no secret), so that visitors
 * who never logged in cause no refresh request, and so that a logout in one
 * tab signs the others out. Refresh tokens rotate on every use, so renewals
 * are serialised across tabs with a Web Lock: the next tab's renewal sends
 * the cookie the previous one received.
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

/** What login, sign-up and refresh answer (the refresh token travels as a cookie). */
export interface LoginTokens {
  user?: User;
  accessToken: string;
  /** Seconds the access token lives. */
  expiresIn: number;
}

export type AuthStatus = "restoring" | "signedOut" | "signedIn";

/** `localStorage` key of the signed-in hint ("1"); never a token. */
export const SIGNED_IN_KEY = "lanecast.signedIn";
/** Where earlier versions kept the refresh token; removed on sight. */
const LEGACY_REFRESH_TOKEN_KEY = "lanecast.refreshToken";

/** Renew this long before the access token expires rather than wait for a 401. */
const EARLY_RENEW_MS = 15_000;

export interface AuthSessionOptions {
  /** Prefix for every path. Default: "" (same origin). */
  baseUrl?: string;
  /** Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Where the signed-in hint is kept. Default: `localStorage` when there is one. */
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
    this.#storage?.removeItem(LEGACY_REFRESH_TOKEN_KEY);
  }

  /** Signs in again with the refresh cookie, if this browser was signed in. Safe to call twice. */
  restore(): Promise<void> {
    return this.#restoring ??= (async () => {
      if (!this.#signedInHere()) {
        this.status.value = "signedOut";
        return;
      }
      await this.#renew();
    })();
  }

  async login(email: string, password: string): Promise<User> {
    return await this.#adopt(
      await requestJson<LoginTokens>(this.#fetch, this.#baseUrl + "/api/auth/login", {
        method: "POST",
        body: { email, password },
      }),
    );
  }

  /**
   * Starts a sign-up: the server mails the address a link (or, when it has
   * an account, a notice), and answers the same either way. `next` is where
   * the link takes the person once confirmed.
   */
  async signup(email: string, password: string, displayName: string, next?: string): Promise<void> {
    await requestJson(this.#fetch, this.#baseUrl + "/api/auth/signup", {
      method: "POST",
      body: { email, password, displayName, ...(next ? { next } : {}) },
    });
  }

  /** Creates the account of a mailed link's token and signs in; where the sign-up wanted to go next. */
  async confirmSignup(token: string): Promise<string | null> {
    const answer = await requestJson<LoginTokens & { next: string | null }>(
      this.#fetch,
      this.#baseUrl + "/api/auth/signup/confirm",
      { method: "POST", body: { token } },
    );
    await this.#adopt(answer);
    return answer.next;
  }

  /** Ends every login of this user on every device (this one too). */
  async logoutEverywhere(): Promise<void> {
    await requestJson(this.fetch, this.#baseUrl + "/api/auth/logout-everywhere", {
      method: "POST",
    });
    this.#clear();
  }

  /** Ends the login on the server (which clears the cookie; best effort) and forgets the access token. */
  async logout(): Promise<void> {
    const wasSignedIn = this.#signedInHere() || this.user.value !== null;
    this.#clear();
    if (!wasSignedIn) return;
    await requestJson(this.#fetch, this.#baseUrl + "/api/auth/logout", { method: "POST" })
      .catch(() => {/* signed out here either way */});
  }

  /** Reads the signed-in user again (their role changed, e.g. they became a bettor). */
  async reloadUser(): Promise<User | null> {
    if (!this.user.peek()) return null;
    const user = await requestJson<User>(this.fetch, "/api/me");
    this.user.value = user;
    return user;
  }

  /** Another tab signed out: follow it. */
  onStorage = (event: Pick<StorageEvent, "key" | "newValue">): void => {
    if (event.key !== SIGNED_IN_KEY) return;
    if (event.newValue === null) this.#clear();
  };

  /** `fetch` with the access token; a 401 renews the token once and retries. */
  readonly fetch: AuthedFetch = async (input, init) => {
    if (this.#restoring) await this.#restoring;
    if (this.#accessToken && this.#now() > this.#expiresAt - EARLY_RENEW_MS) await this.#renew();
    const tokenUsed = this.#accessToken;
    const response = await this.#send(input, init, tokenUsed);
    if (response.status !== 401 || !this.#signedInHere()) return response;
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
    // Checked under the lock: another tab may have signed out just now.
    if (!this.#signedInHere()) {
      this.#clear();
      return false;
    }
    try {
      // The browser sends the cookie (rotated by whichever tab renewed last).
      const tokens = await requestJson<LoginTokens>(
        this.#fetch,
        this.#baseUrl + "/api/auth/refresh",
        { method: "POST" },
      );
      await this.#adopt(tokens);
      return true;
    } catch (error) {
      // A refused cookie is spent, revoked or missing; anything else (offline) may pass.
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
        this.#clear();
      } else if (!this.user.value) {
        this.status.value = "signedOut";
      }
      return false;
    }
  }

  async #adopt(tokens: LoginTokens): Promise<User> {
    this.#accessToken = tokens.accessToken;
    this.#expiresAt = this.#now() + tokens.expiresIn * 1000;
    this.#storage?.setItem(SIGNED_IN_KEY, "1");
    const user = tokens.user ??
      await requestJson<User>(
        (input, init) => this.#send(input, init, tokens.accessToken),
        "/api/me",
      );
    this.user.value = user;
    this.status.value = "signedIn";
    return user;
  }

  #clear(): void {
    this.#accessToken = null;
    this.#expiresAt = 0;
    this.#storage?.removeItem(SIGNED_IN_KEY);
    this.user.value = null;
    this.status.value = "signedOut";
  }

  /**
   * Whether this browser holds a login (by the hint). Without storage
   * (blocked by the browser's settings) the cookie is tried anyway.
   */
  #signedInHere(): boolean {
    return this.#storage ? this.#storage.getItem(SIGNED_IN_KEY) !== null : true;
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage blocked by the browser's settings
  }
}
