/** Entry point of the spectator app; bundled to `web/dist/app.js` by `tools/build_web.ts`. */
import { effect } from "@preact/signals";
import { render } from "preact";
import { createApi } from "./api.ts";
import { App } from "./app.tsx";
import { AuthSession } from "./auth/session.ts";
import { createBettingApi } from "./betting/betting_api.ts";
import { WalletModel } from "./betting/wallet_model.ts";
import { LanesModel } from "./lanes_model.ts";
import { createMoneyApi } from "./money/money_api.ts";
import { RealityCheckModel } from "./money/reality_check_model.ts";
import { Router } from "./router.ts";

const api = createApi();
const router = new Router();
const lanes = new LanesModel({ api });
const auth = new AuthSession();
const betting = createBettingApi(auth.fetch);
const wallet = new WalletModel(betting);
const money = createMoneyApi(auth.fetch);
const realityCheck = new RealityCheckModel({ api: money });
router.start();
lanes.start();
addEventListener("storage", auth.onStorage);
void auth.restore();
// A bettor's balance shows in the header: read it once they are known, forget it when they leave.
effect(() => {
  const user = auth.user.value;
  if (user?.role === "bettor") void wallet.load();
  else wallet.clear();
});
// The reality check runs while a bettor is signed in.
effect(() => {
  if (auth.user.value?.role === "bettor") return realityCheck.start();
});

render(
  <App
    api={api}
    router={router}
    lanes={lanes}
    auth={auth}
    betting={betting}
    wallet={wallet}
    money={money}
    realityCheck={realityCheck}
  />,
  document.getElementById("app")!,
);
