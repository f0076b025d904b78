/** Entry point of the spectator app; bundled to `web/dist/app.js` by `tools/build_web.ts`. */
import { render } from "preact";
import { createApi } from "./api.ts";
import { App } from "./app.tsx";
import { LanesModel } from "./lanes_model.ts";
import { Router } from "./router.ts";

const api = createApi();
const router = new Router();
const lanes = new LanesModel({ api });
router.start();
lanes.start();

render(<App api={api} router={router} lanes={lanes} />, document.getElementById("app")!);
