import assert from "node:assert/strict";
import { Hono } from "hono";
import { createLiveHub } from "./hub.ts";
import { streamLane } from "./sse.ts";

const HANG_BOUND_MS = 10_000;

Deno.test("closing the hub ends open live streams, so the HTTP server shuts down", async () => {
  const hub = createLiveHub();
  const app = new Hono();
  app.get("/live", (c) => streamLane(c, hub, "1", { first: [{ type: "hello", data: {} }] }));
  const http = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, app.fetch);
  const res = await fetch(`http://127.0.0.1:${http.addr.port}/live`);
  const reader = res.body!.getReader();
  const first = await reader.read();
  assert.match(new TextDecoder().decode(first.value), /event: hello/);

  hub.close();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<"hung">((resolve) =>
    timer = setTimeout(() => resolve("hung"), HANG_BOUND_MS)
  );
  const drained = (async () => {
    for (let r = await reader.read(); !r.done; r = await reader.read());
    await http.shutdown();
    return "ended" as const;
  })();
  const outcome = await Promise.race([drained, hung]);
  clearTimeout(timer);
  if (outcome === "hung") {
    await reader.cancel();
    await http.shutdown();
  }
  assert.equal(outcome, "ended");
});
