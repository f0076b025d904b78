import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { AuthSession } from "../auth/session.ts";
import { DemoTag } from "../betting/money_view.tsx";
import { MY_BETS_PATH, startBettingPath, WALLET_PATH } from "../betting/paths.ts";
import type { WalletModel } from "../betting/wallet_model.ts";
import type { LanesModel } from "../lanes_model.ts";
import { loginPath, signupPath } from "../router.ts";
import { Logo } from "./icons.tsx";

export interface SiteHeaderProps {
  lanes: LanesModel;
  auth: AuthSession;
  /** The bettor's wallet, whose balance shows in the header. */
  wallet?: WalletModel;
  /** On a console page: say so beside the brand. */
  staff?: boolean;
}

/**
 * The site's header: the brand, the live count and a bettor's balance
 * always in view; the links (lanes, bets, console, account, sign in / sign
 * up / sign out) in a row on wide screens and behind a "Menu" button on
 * phones, every one a 44 px target there.
 */
export function SiteHeader({ lanes, auth, wallet, staff = false }: SiteHeaderProps) {
  const user = auth.user.value;
  const status = auth.status.value;
  const balance = wallet?.availableText.value;
  const open = useSignal(false);
  useEffect(() => {
    if (!open.value) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") open.value = false;
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [open.value]);
  const here = () => globalThis.location?.pathname;
  /** Any link or button in the menu closes it. */
  const closeOnChoice = (e: MouseEvent) => {
    if ((e.target as Element | null)?.closest?.("a, button")) open.value = false;
  };

  return (
    <header class="site-header">
      <div class="site-header__inner">
        <a class="brand" href={staff ? "/staff" : "/"}>
          <Logo />
          <span class="brand__name">Lanecast</span>
          {staff && <span class="brand__tag">{" "}Console</span>}
        </a>
        <div class="site-header__status">
          <span class="site-nav__live" title="Lanes streaming now">
            <span class="pill__dot" aria-hidden="true" />
            {lanes.liveCount} live
          </span>
          {user?.role === "bettor" && balance && (
            <a
              href={WALLET_PATH}
              class="wallet-chip"
              title="Your wallet (demo money)"
              data-testid="header-balance"
            >
              <span class="wallet-chip__amount">{balance}</span>
              {wallet?.wallet.value?.demo !== false && <DemoTag compact />}
            </a>
          )}
        </div>
        <button
          type="button"
          class="site-menu-button"
          aria-expanded={open.value}
          aria-controls="site-menu"
          onClick={() => open.value = !open.value}
        >
          <span class="site-menu-button__bars" aria-hidden="true" />
          {open.value ? "Close" : "Menu"}
        </button>
        <nav
          id="site-menu"
          class="site-nav"
          data-open={open.value}
          aria-label="Site"
          onClick={closeOnChoice}
        >
          <a href="/" class="site-nav__link">Lanes</a>
          {user?.role === "bettor" && <a href={MY_BETS_PATH} class="site-nav__link">My bets</a>}
          {user && !staff && <a href="/analyze" class="site-nav__link">Analyse a video</a>}
          {!staff && (!user || user.role === "spectator") && status !== "restoring" && (
            <a href={startBettingPath()} class="site-nav__link">Start betting</a>
          )}
          {auth.isStaff.value && !staff && (
            <a href="/staff" class="site-nav__link site-nav__link--keep">Console</a>
          )}
          {user && (
            <a
              href="/account"
              class="site-nav__link site-nav__link--keep site-nav__account"
              title={`Signed in as ${user.email}`}
            >
              Account
            </a>
          )}
          {user && (
            <button
              type="button"
              class="site-nav__link site-nav__link--keep site-nav__button"
              title={`Signed in as ${user.email}`}
              onClick={() => void auth.logout()}
            >
              Sign out
            </button>
          )}
          {!user && status === "signedOut" && (
            <a
              href={loginPath(staff ? here() : undefined)}
              class="site-nav__link site-nav__link--keep"
            >
              Sign in
            </a>
          )}
          {!user && status === "signedOut" && !staff && (
            <a href={signupPath()} class="site-nav__link site-nav__signup">Sign up</a>
          )}
        </nav>
      </div>
    </header>
  );
}
