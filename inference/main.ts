/**
 * The inference sidecar process: `deno run -A inference/main.ts`. Watches
 * the lanes through the SFU, posts shots to the server, and answers
 * `GET /status` (per-lane frames, drops, shots; shots not yet confirmed by
 * the server) on INFERENCE_PORT.
 */
import { redactConfig } from "../core/config.ts";
import { inferenceKey, loadInferenceConfig } from "./config.ts";
import { Sidecar } from "./sidecar.ts";

const config = loadInferenceConfig();
console.log("inference:", JSON.stringify(redactConfig(config)));
const log = (m: string) => console.log(`inference: ${m}`);
const sidecar = await Sidecar.start({ config, key: await inferenceKey(config), log });
const http = Deno.serve({
  port: config.INFERENCE_PORT,
  hostname: "127.0.0.1",
  onListen: ({ port }) => log(`status on http://127.0.0.1:${port}/status`),
}, (req) => {
  const path = new URL(req.url).pathname;
  if (path === "/status") {
    return Response.json({
      models: sidecar.models.kind,
      undelivered: sidecar.undelivered,
      lanes: sidecar.status(),
      events: sidecar.eventStats(),
    });
  }
  if (path === "/health") return new Response("ok");
  return new Response("Not found", { status: 404 });
});

const stop = async () => {
  await http.shutdown();
  await sidecar.stop();
  // libwebrtc objects must not outlive the process's teardown.
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", stop);
Deno.addSignalListener("SIGTERM", stop);
