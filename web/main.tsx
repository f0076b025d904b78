/** Entry point of the spectator app; bundled to `web/dist/app.js` by `tools/build_web.ts`. */
import { render } from "preact";
import { createApi } from "./api.ts";
import { App } from "./app.tsx";
import { AuthSession } from "./auth/session.ts";
import { LanesModel } from "./lanes_model.ts";
import { Router } from "./router.ts";

const api = createApi();
const router = new Router();
const lanes = new LanesModel({ api });
const auth = new AuthSession();
router.start();
lanes.start();
addEventListener("storage", auth.onStorage);
void auth.restore();

render(
  <App api={api} router={router} lanes={lanes} auth={auth} />,
  document.getElementById("app")!,
);
