import type { Api } from "./api.ts";
import { LaneGrid } from "./components/lane_grid.tsx";
import { LanePage } from "./components/lane_page.tsx";
import { NotFound } from "./components/not_found.tsx";
import { SiteHeader } from "./components/site_header.tsx";
import type { LanesModel } from "./lanes_model.ts";
import type { Router } from "./router.ts";

export interface AppProps {
  api: Api;
  router: Router;
  lanes: LanesModel;
}

export function App({ api, router, lanes }: AppProps) {
  const route = router.route.value;
  return (
    <>
      <SiteHeader lanes={lanes} />
      <main class="main">
        {route.name === "grid" && <LaneGrid lanes={lanes} api={api} />}
        {route.name === "lane" && (
          <LanePage key={route.laneId} laneId={route.laneId} api={api} lanes={lanes} />
        )}
        {route.name === "notFound" && <NotFound />}
      </main>
    </>
  );
}
