/** The SFU process: `deno run -A sfu/main.ts`. */
import { redactConfig } from "../core/config.ts";
import { loadSfuConfig } from "./config.ts";
import { MEDIASOUP_VERSION } from "./mediasoup.ts";
import { createSfu } from "./sfu.ts";

const config = loadSfuConfig();
console.log(`sfu: mediasoup ${MEDIASOUP_VERSION}`, JSON.stringify(redactConfig(config)));
if (!config.SFU_SERVICE_KEY) {
  console.warn(
    "sfu: SFU_SERVICE_KEY is unset: /lanes, /ingest and /metrics answer loopback callers only",
  );
}
const sfu = await createSfu(config);
const server = Deno.serve({
  port: config.SFU_PORT,
  hostname: config.SFU_HOST,
  onListen: ({ port }) => console.log(`sfu: listening on :${port}`),
}, sfu.app.fetch);

const stop = async () => {
  sfu.close();
  await server.shutdown();
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", stop);
Deno.addSignalListener("SIGTERM", stop);
