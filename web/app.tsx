import type { Api } from "./api.ts";
import { LoginPage } from "./auth/login_page.tsx";
import type { AuthSession } from "./auth/session.ts";
import type { BettingApi } from "./betting/betting_api.ts";
import { MyBetsPage } from "./betting/my_bets_page.tsx";
import { StartBettingPage } from "./betting/start_betting_page.tsx";
import { WalletPage } from "./betting/wallet_page.tsx";
import type { WalletModel } from "./betting/wallet_model.ts";
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
  betting: BettingApi;
  wallet: WalletModel;
}

export function App({ api, router, lanes, auth, betting, wallet }: AppProps) {
  const route = router.route.value;
  return (
    <>
      <SiteHeader lanes={lanes} auth={auth} wallet={wallet} staff={isStaffRoute(route)} />
      <main class="main">
        {route.name === "grid" && <LaneGrid lanes={lanes} api={api} />}
        {route.name === "lane" && (
          <LanePage
            key={route.laneId}
            laneId={route.laneId}
            api={api}
            lanes={lanes}
            betting={{ api: betting, auth, wallet }}
          />
        )}
        {route.name === "startBetting" && (
          <StartBettingPage auth={auth} api={betting} router={router} />
        )}
        {route.name === "wallet" && <WalletPage wallet={wallet} auth={auth} />}
        {route.name === "myBets" && <MyBetsPage api={betting} auth={auth} />}
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
