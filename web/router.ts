/**
 * History routing in one small signal model. The server falls back to
 * `index.html` for unknown paths, so every route is a real URL.
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";

/** The tabs of the bettor's money page (`/wallet`, `/wallet/withdraw`, …). */
export type MoneyTab = "deposit" | "withdraw" | "limits" | "history";

export type Route =
  | { name: "grid" }
  | { name: "lane"; laneId: string }
  | { name: "checkIn"; laneId: string }
  | { name: "login" }
  | { name: "signup" }
  | { name: "signupConfirm" }
  | { name: "account" }
  | { name: "startBetting" }
  | { name: "wallet"; tab: MoneyTab }
  | { name: "myBets" }
  | { name: "myGames" }
  | { name: "myGame"; sessionId: string }
  | { name: "analyze"; jobId?: string }
  | { name: "staffLanes" }
  | { name: "staffLane"; laneId: string }
  | { name: "staffCalibrate"; laneId: string }
  | { name: "staffCamera" }
  | { name: "staffSessions" }
  | { name: "staffSession"; sessionId: string }
  | { name: "staffAudit" }
  | { name: "staffUsers" }
  | { name: "staffUserLedger"; userId: string }
  | { name: "staffMarkets" }
  | { name: "staffReviews" }
  | { name: "staffLedger" }
  | { name: "staffTexts" }
  | { name: "staffMail" }
  | { name: "staffPayments" }
  | { name: "staffDisputes" }
  | { name: "staffWithdrawals" }
  | { name: "notFound"; path: string };

/** Paths with one id segment, `:id` standing for it. */
const ID_ROUTES: [RegExp, (id: string) => Route][] = [
  [/^\/lanes\/([^/]+)$/, (laneId) => ({ name: "lane", laneId })],
  [/^\/lanes\/([^/]+)\/check-in$/, (laneId) => ({ name: "checkIn", laneId })],
  [/^\/me\/games\/([^/]+)$/, (sessionId) => ({ name: "myGame", sessionId })],
  [/^\/analyze\/([^/]+)$/, (jobId) => ({ name: "analyze", jobId })],
  [/^\/staff\/lanes\/([^/]+)$/, (laneId) => ({ name: "staffLane", laneId })],
  [/^\/staff\/lanes\/([^/]+)\/calibrate$/, (laneId) => ({ name: "staffCalibrate", laneId })],
  [/^\/staff\/sessions\/([^/]+)$/, (sessionId) => ({ name: "staffSession", sessionId })],
  [/^\/staff\/users\/([^/]+)\/ledger$/, (userId) => ({ name: "staffUserLedger", userId })],
];

const FIXED_ROUTES: Record<string, Route> = {
  "/": { name: "grid" },
  "/lanes": { name: "grid" },
  "/login": { name: "login" },
  "/signup": { name: "signup" },
  "/signup/confirm": { name: "signupConfirm" },
  "/account": { name: "account" },
  "/betting": { name: "startBetting" },
  "/wallet": { name: "wallet", tab: "deposit" },
  "/wallet/withdraw": { name: "wallet", tab: "withdraw" },
  "/wallet/limits": { name: "wallet", tab: "limits" },
  "/wallet/history": { name: "wallet", tab: "history" },
  "/bets": { name: "myBets" },
  "/me/games": { name: "myGames" },
  "/analyze": { name: "analyze" },
  "/staff": { name: "staffLanes" },
  "/staff/lanes": { name: "staffLanes" },
  "/staff/camera": { name: "staffCamera" },
  "/staff/sessions": { name: "staffSessions" },
  "/staff/audit": { name: "staffAudit" },
  "/staff/users": { name: "staffUsers" },
  "/staff/markets": { name: "staffMarkets" },
  "/staff/reviews": { name: "staffReviews" },
  "/staff/ledger": { name: "staffLedger" },
  "/staff/texts": { name: "staffTexts" },
  "/staff/mail": { name: "staffMail" },
  "/staff/payments": { name: "staffPayments" },
  "/staff/disputes": { name: "staffDisputes" },
  "/staff/withdrawals": { name: "staffWithdrawals" },
};

/** Maps a pathname to a route. Pure. */
export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  const fixed = FIXED_ROUTES[path === "" ? "/" : path];
  if (fixed) return fixed;
  for (const [pattern, make] of ID_ROUTES) {
    const match = pattern.exec(path);
    if (!match) continue;
    try {
      return make(decodeURIComponent(match[1]));
    } catch {
      return { name: "notFound", path: pathname };
    }
  }
  return { name: "notFound", path: pathname };
}

/** Whether a route belongs to the staff console (and so needs a staff sign-in). */
export function isStaffRoute(route: Route): boolean {
  return route.name.startsWith("staff");
}

/** The path of a lane's page. */
export function lanePath(laneId: string): string {
  return `/lanes/${encodeURIComponent(laneId)}`;
}

/** The path of a lane's check-in page, with a session's code (what its QR code opens). */
export { checkInPath } from "../core/check_in.ts";

/** The staff console's page of one lane. */
export function staffLanePath(laneId: string): string {
  return `/staff/lanes/${encodeURIComponent(laneId)}`;
}

/** The calibration page of one lane. */
export function calibratePath(laneId: string): string {
  return `/staff/lanes/${encodeURIComponent(laneId)}/calibrate`;
}

/** The staff console's page of one bowling session. */
export function staffSessionPath(sessionId: string): string {
  return `/staff/sessions/${encodeURIComponent(sessionId)}`;
}

/** The admin's page of one user's wallet and ledger history. */
export function staffUserLedgerPath(userId: string): string {
  return `/staff/users/${encodeURIComponent(userId)}/ledger`;
}

/** The sign-in page, coming back to `next` afterwards. */
export function loginPath(next?: string): string {
  return next && next !== "/login" ? `/login?next=${encodeURIComponent(next)}` : "/login";
}

/** The sign-up page, whose mailed link comes back to `next`. */
export function signupPath(next?: string): string {
  return next && !next.startsWith("/signup") && next !== "/login"
    ? `/signup?next=${encodeURIComponent(next)}`
    : "/signup";
}

/** Where to go after signing in: `next` from the query when it is a local path, else `fallback`. */
export function nextPath(search: string, fallback: string): string {
  const next = new URLSearchParams(search).get("next");
  return next && next.startsWith("/") && !next.startsWith("//") ? next : fallback;
}

export class Router {
  readonly path = signal(globalThis.location?.pathname ?? "/");
  readonly route: ReadonlySignal<Route> = computed(() => matchRoute(this.path.value));
  #detach: (() => void) | undefined;

  /** Follows the browser's back/forward buttons and same-origin link clicks. */
  start(): void {
    if (this.#detach) return;
    const onPop = () => this.path.value = location.pathname;
    const onClick = (event: MouseEvent) => {
      const href = internalHref(event);
      if (href === undefined) return;
      event.preventDefault();
      this.navigate(href);
    };
    addEventListener("popstate", onPop);
    document.addEventListener("click", onClick);
    this.#detach = () => {
      removeEventListener("popstate", onPop);
      document.removeEventListener("click", onClick);
    };
  }

  stop(): void {
    this.#detach?.();
    this.#detach = undefined;
  }

  navigate(to: string, options: { replace?: boolean } = {}): void {
    const url = new URL(to, location.href);
    if (url.pathname === location.pathname && url.search === location.search) return;
    if (options.replace) history.replaceState(null, "", url);
    else history.pushState(null, "", url);
    scrollTo(0, 0);
    this.path.value = url.pathname;
  }
}

/** The href of a plain left click on a same-origin link, else undefined. */
function internalHref(event: MouseEvent): string | undefined {
  if (event.defaultPrevented || event.button !== 0) return undefined;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return undefined;
  const anchor = (event.target as Element | null)?.closest?.("a");
  if (!anchor || anchor.target || anchor.hasAttribute("download")) return undefined;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith("/api/")) return undefined;
  return url.pathname + url.search + url.hash;
}
