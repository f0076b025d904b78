import type { LanesModel } from "../lanes_model.ts";
import { Logo } from "./icons.tsx";

export function SiteHeader({ lanes }: { lanes: LanesModel }) {
  return (
    <header class="site-header">
      <div class="site-header__inner">
        <a class="brand" href="/" aria-label="Lanecast home">
          <Logo />
          <span class="brand__name">Lanecast</span>
        </a>
        <nav class="site-nav">
          <a href="/" class="site-nav__link">Lanes</a>
          <span class="site-nav__live" title="Lanes streaming now">
            <span class="pill__dot" aria-hidden="true" />
            {lanes.liveCount} live
          </span>
        </nav>
      </div>
    </header>
  );
}
