import type { AuthSession } from "../auth/session.ts";
import type { LanesModel } from "../lanes_model.ts";
import { loginPath } from "../router.ts";
import { Logo } from "./icons.tsx";

export interface SiteHeaderProps {
  lanes: LanesModel;
  auth: AuthSession;
  /** On a console page: say so beside the brand. */
  staff?: boolean;
}

export function SiteHeader({ lanes, auth, staff = false }: SiteHeaderProps) {
  const user = auth.user.value;
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
