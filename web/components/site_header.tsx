import type { AuthSession } from "../auth/session.ts";
import { DemoTag } from "../betting/money_view.tsx";
import { MY_BETS_PATH, startBettingPath, WALLET_PATH } from "../betting/paths.ts";
import type { WalletModel } from "../betting/wallet_model.ts";
import type { LanesModel } from "../lanes_model.ts";
import { loginPath } from "../router.ts";
import { Logo } from "./icons.tsx";

export interface SiteHeaderProps {
  lanes: LanesModel;
  auth: AuthSession;
  /** The bettor's wallet, whose balance shows in the header. */
  wallet?: WalletModel;
  /** On a console page: say so beside the brand. */
  staff?: boolean;
}

export function SiteHeader({ lanes, auth, wallet, staff = false }: SiteHeaderProps) {
  const user = auth.user.value;
  const balance = wallet?.availableText.value;
  return (
    <header class="site-header">
      <div class="site-header__inner">
        <a class="brand" href={staff ? "/staff" : "/"} aria-label="Lanecast home">
          <Logo />
          <span class="brand__name">Lanecast</span>
          {staff && <span class="brand__tag">Console</span>}
        </a>
        <nav class="site-nav">
          <a href="/" class="site-nav__link">Lanes</a>
          <span class="site-nav__live" title="Lanes streaming now">
            <span class="pill__dot" aria-hidden="true" />
            {lanes.liveCount} live
          </span>
          {user?.role === "bettor" && <a href={MY_BETS_PATH} class="site-nav__link">My bets</a>}
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
          {!staff && (!user || user.role === "spectator") && auth.status.value !== "restoring" && (
            <a href={startBettingPath()} class="site-nav__link">Start betting</a>
          )}
          {auth.isStaff.value && !staff && (
            <a href="/staff" class="site-nav__link site-nav__link--keep">Console</a>
          )}
          {user
            ? (
              <button
                type="button"
                class="site-nav__link site-nav__link--keep site-nav__button"
                title={`Signed in as ${user.email}`}
                onClick={() => void auth.logout()}
              >
                Sign out
              </button>
            )
            : auth.status.value === "signedOut" && (
              <a
                href={loginPath(staff ? location.pathname : undefined)}
                class="site-nav__link site-nav__link--keep"
              >
                Sign in
              </a>
            )}
        </nav>
      </div>
    </header>
  );
}
