import assert from "node:assert/strict";
import { Hono } from "hono";
import { createLiveHub, type LiveEvent } from "./hub.ts";
import { BODY_CHUNKS, MAX_QUEUED, streamLane } from "./sse.ts";

Deno.test("publish() reaches the lane's subscribers only, until they unsubscribe", () => {
  const hub = createLiveHub();
  const got: string[] = [];
  const stopA = hub.subscribe("1", (e) => got.push(`a:${e.type}`));
  const stopB = hub.subscribe("1", (e) => got.push(`b:${e.type}`));
  hub.subscribe("2", (e) => got.push(`other:${e.type}`));
  hub.publish("1", { type: "session", data: {} });
  assert.deepEqual(got, ["a:session", "b:session"]);
  stopA();
  stopA();
  hub.publish("1", { type: "shot", data: {} });
  assert.deepEqual(got, ["a:session", "b:session", "b:shot"]);
  assert.equal(hub.subscribers("1"), 1);
  stopB();
  assert.equal(hub.subscribers("1"), 0);
  hub.publish("1", { type: "shot", data: {} });
  assert.equal(got.length, 3);
});

Deno.test("subscribeAll() sees every channel's events until it unsubscribes", () => {
  const hub = createLiveHub();
  const got: string[] = [];
  const stop = hub.subscribeAll((channel, e) => got.push(`${channel}:${e.type}`));
  hub.publish("1", { type: "session", data: null });
  hub.publish("user:u1", { type: "wallet", data: {} });
  stop();
  hub.publish("2", { type: "session", data: null });
  assert.deepEqual(got, ["1:session", "user:u1:wallet"]);
  assert.equal(hub.subscribers("1"), 0, "not a lane subscriber");
});

Deno.test("publish() skips a subscriber that throws and refuses odd event types", () => {
  const hub = createLiveHub();
  const got: LiveEvent[] = [];
  const error = console.error;
  console.error = () => {};
  try {
    hub.subscribe("1", () => {
      throw new Error("boom");
    });
    hub.subscribe("1", (e) => got.push(e));
    hub.publish("1", { type: "shot", data: 1 });
  } finally {
    console.error = error;
  }
  assert.deepEqual(got, [{ type: "shot", data: 1 }]);
  assert.throws(() => hub.publish("1", { type: "bad\nevent", data: 1 }), /not a short word/);
});

/** Reads SSE text from `reader` until `want` matches, or fails after `ms`. */
async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  want: RegExp,
  ms = 3000,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + ms;
  while (!want.test(text)) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`Timed out waiting for ${want} in ${JSON.stringify(text)}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) =>
      timer = setTimeout(
        () => reject(new Error(`Timed out waiting for ${want} in ${JSON.stringify(text)}`)),
        left,
      )
    );
    try {
      const { value, done } = await Promise.race([reader.read(), timeout]);
      if (done) throw new Error(`Stream ended before ${want}: ${JSON.stringify(text)}`);
      text += decoder.decode(value, { stream: true });
    } finally {
      clearTimeout(timer);
    }
  }
  return text;
}

Deno.test("streamLane() sends the first events, then published ones, heartbeats, and unsubscribes on cancel", async () => {
  const hub = createLiveHub();
  const app = new Hono().get(
    "/live",
    (c) => streamLane(c, hub, "4", { first: [{ type: "session", data: null }], heartbeatMs: 30 }),
  );
  const res = await app.request("/live");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/event-stream");
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  assert.match(await readUntil(reader, /event: session\ndata: null\nid: 1\n\n/), /^event: session/);
  assert.equal(hub.subscribers("4"), 1);
  hub.publish("4", { type: "shot", data: { speed: 17.5, note: "two\nlines" } });
  assert.match(
    await readUntil(reader, /event: shot\n/),
    /data: \{"speed":17.5,"note":"two\\nlines"\}\nid: 2/,
  );
  assert.match(await readUntil(reader, /: heartbeat\n\n/), /: heartbeat/);
  await reader.cancel();
  for (let i = 0; i < 50 && hub.subscribers("4") > 0; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.equal(hub.subscribers("4"), 0);
});

Deno.test("streamLane() keeps at most MAX_QUEUED events for a client that does not read", async () => {
  const hub = createLiveHub();
  const app = new Hono().get("/live", (c) => streamLane(c, hub, "4"));
  const res = await app.request("/live");
  for (let i = 0; i < 1000; i++) hub.publish("4", { type: "shot", data: i });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const text = await readUntil(reader, /data: 999\n/);
  // The body's stream holds the first few (one chunk each); of those that waited, the oldest went.
  const seen = [...text.matchAll(/data: (\d+)\n/g)].map((m) => Number(m[1]));
  assert.deepEqual(seen.slice(0, BODY_CHUNKS), Array.from({ length: BODY_CHUNKS }, (_, i) => i));
  assert.deepEqual(
    seen.slice(BODY_CHUNKS),
    Array.from({ length: MAX_QUEUED }, (_, i) => 1000 - MAX_QUEUED + i),
  );
  await reader.cancel();
});
