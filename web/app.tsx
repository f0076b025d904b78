import type { Api } from "./api.ts";
import { LoginPage } from "./auth/login_page.tsx";
import type { AuthSession } from "./auth/session.ts";
import { CheckInPage } from "./checkin/checkin_page.tsx";
import { LaneGrid } from "./components/lane_grid.tsx";
import { LanePage } from "./components/lane_page.tsx";
import { NotFound } from "./components/not_found.tsx";
import { SiteHeader } from "./components/site_header.tsx";
import type { LanesModel } from "./lanes_model.ts";
import { isStaffRoute, type Router } from "./router.ts";
import { StaffConsole } from "./staff/console.tsx";

export interface AppProps {
  api: Api;
  router: Router;
  lanes: LanesModel;
  auth: AuthSession;
}

export function App({ api, router, lanes, auth }: AppProps) {
  const route = router.route.value;
  return (
    <>
      <SiteHeader lanes={lanes} auth={auth} staff={isStaffRoute(route)} />
      <main class="main">
        {route.name === "grid" && <LaneGrid lanes={lanes} api={api} />}
        {route.name === "lane" && (
          <LanePage key={route.laneId} laneId={route.laneId} api={api} lanes={lanes} />
        )}
        {route.name === "checkIn" && (
          <CheckInPage key={route.laneId} laneId={route.laneId} auth={auth} />
        )}
        {route.name === "login" && <LoginPage auth={auth} router={router} />}
        {isStaffRoute(route) && (
          <StaffConsole
            route={route}
            auth={auth}
            api={api}
            router={router}
          />
        )}
        {route.name === "notFound" && <NotFound />}
      </main>
    </>
  );
}
