import assert from "node:assert/strict";
import { Hono } from "hono";
import { createLiveHub } from "./hub.ts";
import { eventFrame, streamLane } from "./sse.ts";

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

/** The stream's text as it stands after `ms`, read until then. */
async function readFor(res: Response, ms: number): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const r = await Promise.race([
      reader.read(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), until - Date.now())),
    ]);
    if (!r || r.done) break;
    text += decoder.decode(r.value, { stream: true });
  }
  await reader.cancel();
  return text;
}

Deno.test("one event to many streams is the same text on each, each with its own ids", async () => {
  const hub = createLiveHub();
  const app = new Hono();
  app.get("/live", (c) => streamLane(c, hub, "7", { first: [{ type: "hello", data: 1 }] }));
  const [a, b] = [await app.request("/live"), await app.request("/live")];
  const event = { type: "market", data: { pools: [1, 2], note: "line\nbreak" } };
  hub.publish("7", event);
  const [ta, tb] = await Promise.all([readFor(a, 150), readFor(b, 150)]);
  const expected =
    'event: hello\ndata: 1\nid: 1\n\nevent: market\ndata: {"pools":[1,2],"note":"line\\nbreak"}\nid: 2\n\n';
  assert.equal(ta, expected);
  assert.equal(tb, expected);
  assert.equal(eventFrame(event), eventFrame(event));
  hub.close();
});
