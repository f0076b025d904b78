/**
 * The inference sidecar process: `deno run -A inference/main.ts`. Watches
 * the lanes through the SFU, posts shots to the server, and answers
 * `GET /status` (its id, provider, capacity and the lanes it holds; per-lane
 * frames analysed, dropped and thinned, shots; shots not yet confirmed by
 * the server) and the same as Prometheus metrics at `GET /metrics` on
 * INFERENCE_PORT (bound to 127.0.0.1).
 */
import { redactConfig } from "../core/config.ts";
import { inferenceKey, loadInferenceConfig } from "./config.ts";
import { Sidecar } from "./sidecar.ts";
import { renderSidecarMetrics } from "./metrics.ts";
import { PROMETHEUS_TEXT } from "../core/prometheus.ts";

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
      ...sidecar.summary(),
      models: sidecar.models.kind,
      undelivered: sidecar.undelivered,
      lanes: sidecar.status(),
      events: sidecar.eventStats(),
    });
  }
  if (path === "/metrics") {
    const text = renderSidecarMetrics({
      lanes: sidecar.status(),
      undelivered: sidecar.undelivered,
      events: sidecar.eventStats(),
      capacity: { now: sidecar.capacity, limit: sidecar.summary().capacityLimit },
    });
    return new Response(text, { headers: { "content-type": PROMETHEUS_TEXT } });
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
