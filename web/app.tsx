import { AnalyzePage } from "./analyze/analyze_page.tsx";
import type { Api } from "./api.ts";
import { AccountPage } from "./auth/account_page.tsx";
import { LoginPage } from "./auth/login_page.tsx";
import { SignupConfirmPage, SignupPage } from "./auth/signup_page.tsx";
import type { AuthSession } from "./auth/session.ts";
import type { BettingApi } from "./betting/betting_api.ts";
import { MyBetsPage } from "./betting/my_bets_page.tsx";
import { StartBettingPage } from "./betting/start_betting_page.tsx";
import type { WalletModel } from "./betting/wallet_model.ts";
import { CheckInPage } from "./checkin/checkin_page.tsx";
import { LaneGrid } from "./components/lane_grid.tsx";
import { LanePage } from "./components/lane_page.tsx";
import { NotFound } from "./components/not_found.tsx";
import { SiteHeader } from "./components/site_header.tsx";
import type { LanesModel } from "./lanes_model.ts";
import type { MoneyApi } from "./money/money_api.ts";
import { MoneyPage } from "./money/money_page.tsx";
import { RealityCheckBanner } from "./money/reality_check_banner.tsx";
import type { RealityCheckModel } from "./money/reality_check_model.ts";
import { createGamesApi } from "./games/games_api.ts";
import { MyGamePage } from "./games/my_game_page.tsx";
import { MyGamesPage } from "./games/my_games_page.tsx";
import { isStaffRoute, type Router } from "./router.ts";
import { useMemo } from "preact/hooks";
import { StaffConsole } from "./staff/console.tsx";

export interface AppProps {
  api: Api;
  router: Router;
  lanes: LanesModel;
  auth: AuthSession;
  betting: BettingApi;
  wallet: WalletModel;
  money: MoneyApi;
  /** The reality check shown over the bettor's screens. */
  realityCheck?: RealityCheckModel;
}

export function App(
  { api, router, lanes, auth, betting, wallet, money, realityCheck }: AppProps,
) {
  const route = router.route.value;
  const games = useMemo(() => createGamesApi(auth.fetch), [auth]);
  return (
    <>
      <SiteHeader lanes={lanes} auth={auth} wallet={wallet} staff={isStaffRoute(route)} />
      <main class="main">
        {realityCheck && !isStaffRoute(route) && (
          <RealityCheckBanner model={realityCheck} currency={wallet.wallet.value?.currency} />
        )}
        {route.name === "grid" && <LaneGrid lanes={lanes} api={api} />}
        {route.name === "lane" && (lanes.unknown(route.laneId)
          ? <NotFound message={`There is no lane "${route.laneId}" here.`} />
          : (
            <LanePage
              key={route.laneId}
              laneId={route.laneId}
              api={api}
              lanes={lanes}
              betting={{ api: betting, auth, wallet }}
            />
          ))}
        {route.name === "startBetting" && (
          <StartBettingPage auth={auth} api={betting} router={router} />
        )}
        {route.name === "wallet" && (
          <MoneyPage tab={route.tab} wallet={wallet} auth={auth} money={money} />
        )}
        {route.name === "myBets" && <MyBetsPage api={betting} auth={auth} />}
        {route.name === "myGames" && <MyGamesPage api={games} auth={auth} />}
        {route.name === "myGame" && (
          <MyGamePage key={route.sessionId} api={games} auth={auth} sessionId={route.sessionId} />
        )}
        {route.name === "analyze" && (
          <AnalyzePage
            key={route.jobId ?? "new"}
            auth={auth}
            api={api}
            lanes={lanes}
            jobId={route.jobId}
            navigate={(path) => router.navigate(path, { replace: true })}
          />
        )}
        {route.name === "checkIn" && (
          <CheckInPage key={route.laneId} laneId={route.laneId} auth={auth} />
        )}
        {route.name === "login" && <LoginPage auth={auth} router={router} />}
        {route.name === "signup" && <SignupPage auth={auth} />}
        {route.name === "signupConfirm" && <SignupConfirmPage auth={auth} router={router} />}
        {route.name === "account" && <AccountPage auth={auth} router={router} />}
        {isStaffRoute(route) && (
          <StaffConsole
            route={route}
            auth={auth}
            router={router}
          />
        )}
        {route.name === "notFound" && <NotFound />}
      </main>
    </>
  );
}
