import assert from "node:assert/strict";
import { untilLinkEnds } from "./link_events.ts";

/** Serves one event stream that sends `chunks` one by one, then stays open. */
function serveChunks(chunks: string[]) {
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, () => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (const chunk of chunks) {
          controller.enqueue(encoder.encode(chunk));
          await new Promise((r) => setTimeout(r, 10));
        }
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  });
  return { url: `http://127.0.0.1:${server.addr.port}/events`, server };
}

Deno.test("untilLinkEnds() reads the SFU's reason with its event, even split across chunks", async () => {
  const { url, server } = serveChunks([
    ": link events\n\n",
    "event: closed\n",
    'data: {"reason":"replaced by a new publisher"}\n\n',
  ]);
  const events = untilLinkEnds(url, "token");
  assert.equal(await events.done, "closed");
  assert.equal(events.reason(), "replaced by a new publisher");
  events.cancel();
  await server.shutdown();
});

Deno.test("untilLinkEnds() has no reason for an event without data", async () => {
  const { url, server } = serveChunks(["event: reconnect\n\n"]);
  const events = untilLinkEnds(url, "token");
  assert.equal(await events.done, "reconnect");
  assert.equal(events.reason(), undefined);
  events.cancel();
  await server.shutdown();
});
