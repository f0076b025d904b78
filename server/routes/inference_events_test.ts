import assert from "node:assert/strict";
import type { LaneEvent, ReceivedLaneEvent } from "../../core/lane_events.ts";
import { EventChannel } from "../../inference/events/event_channel.ts";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createTestApp, TEST_INFERENCE_KEY } from "../testing.ts";
import { testLaneEvent } from "../live/lane_event_fixture.ts";
import type { LaneEvents } from "../live/lane_events.ts";
import { handleMessage, MAX_MESSAGE_CHARS } from "./inference_events.ts";

const KEY = { authorization: `Bearer ${TEST_INFERENCE_KEY}` };

const laneEvent = (type: LaneEvent["type"], captureTimeMs = Date.now() - 50) =>
  testLaneEvent({ type, captureTimeMs });

const post = (
  app: { request: (u: string, i: RequestInit) => Response | Promise<Response> },
  body: unknown,
  headers: Record<string, string> = KEY,
) =>
  app.request("/api/inference/events", {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/** Reads an SSE stream until `want` matches (or fails after `ms`). */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, want: RegExp, ms = 5000) {
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + ms;
  while (!want.test(text)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${want} in ${text}`);
    const { value, done } = await reader.read();
    if (done) throw new Error(`Stream ended before ${want}`);
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`POST /api/inference/events publishes an event once and refuses a bad one with invalid_lane_event (${kind})`, async () => {
    const t = await createTestApp(kind);
    try {
      const e = laneEvent("release");
      const first = await post(t.app, e);
      assert.equal(first.status, 201);
      assert.equal(first.headers.get("content-type"), "application/json");
      const ack = await first.json();
      assert.equal(ack.id, e.id);
      assert.equal(ack.duplicate, false);
      const again = await post(t.app, e);
      assert.equal(again.status, 200);
      assert.equal((await again.json()).duplicate, true);

      const bad = await post(t.app, { ...e, id: "1-release-x", confidence: 2 });
      assert.equal(bad.status, 400);
      assert.equal(bad.headers.get("content-type"), "application/problem+json");
      const problem = await bad.json();
      assert.equal(problem.code, "invalid_lane_event");
      assert.match(problem.detail, /"confidence"/);

      const unknown = await post(t.app, { ...e, laneId: "77", id: "77-release-1" });
      assert.equal(unknown.status, 404);
      assert.equal((await unknown.json()).code, "unknown_lane");

      assert.equal((await post(t.app, e, {})).status, 401);
      assert.equal(
        (await post(t.app, e, { authorization: "Bearer not-the-inference-key" })).status,
        403,
      );
      assert.equal(t.deps.laneEvents.state("1")?.phase, "released");
    } finally {
      await t.close();
    }
  });
}

Deno.test("GET /api/lanes/{id}/live streams the AI's live events as ai-event", async () => {
  const t = await createTestApp("pglite");
  try {
    const res = await t.app.request("/api/lanes/1/live");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/event-stream");
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await readUntil(reader, /event: session\n/);
    const e = laneEvent("approach");
    assert.equal((await post(t.app, e)).status, 201);
    const text = await readUntil(reader, /event: ai-event\ndata: .*\n/);
    const data = JSON.parse(/event: ai-event\ndata: (.*)\n/.exec(text)![1]);
    assert.equal(data.id, e.id);
    assert.equal(data.type, "approach");
    assert.equal(typeof data.receivedAtMs, "number");
    await reader.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("GET /api/inference/events needs the inference key and a WebSocket upgrade", async () => {
  const t = await createTestApp("pglite");
  try {
    assert.equal((await t.app.request("/api/inference/events")).status, 401);
    const plain = await t.app.request("/api/inference/events", { headers: KEY });
    assert.equal(plain.status, 426);
    assert.equal((await plain.json()).code, "upgrade_required");
  } finally {
    await t.close();
  }
});

Deno.test("the event socket: an event whose ack was lost is resent after the reconnect and published once", async () => {
  const t = await createTestApp("pglite");
  const published: ReceivedLaneEvent[] = [];
  t.deps.laneEvents.subscribe((e) => published.push(e));
  // The first connection takes events but drops before acknowledging; later ones are the real route.
  let connections = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    if (++connections > 1) return t.app.fetch(req);
    const { socket, response } = Deno.upgradeWebSocket(req);
    socket.onmessage = async (m) => {
      await handleMessage(t.deps.laneEvents, String(m.data), Date.now());
      socket.close();
    };
    return response;
  });
  const replies: string[] = [];
  const channel = new EventChannel({
    url: `ws://127.0.0.1:${server.addr.port}/api/inference/events`,
    key: TEST_INFERENCE_KEY,
    onReply: (r) =>
      replies.push(r.type === "ack" ? `ack ${r.id} ${r.duplicate}` : `refused ${r.code}`),
  });
  try {
    const approach = laneEvent("approach", Date.now() - 1000);
    const release = laneEvent("release");
    const bad = { ...laneEvent("pinfall"), confidence: 7 };
    await waitFor(() => channel.connected);
    channel.send(approach);
    await waitFor(() => connections >= 2 && channel.connected);
    channel.send(release);
    channel.send(bad);
    await waitFor(() => channel.pending === 0);
    assert.deepEqual(replies, [
      `ack ${approach.id} true`,
      `ack ${release.id} false`,
      "refused invalid_lane_event",
    ]);
    assert.deepEqual(published.map((e) => e.id), [approach.id, release.id]);
    assert.ok(channel.stats.resent >= 1);
    assert.equal(t.deps.laneEvents.state("1")?.phase, "released");
  } finally {
    await channel.close();
    await server.shutdown();
    await t.close();
  }
});

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("Timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

Deno.test("handleMessage() refuses what is not an event message, saying why, and never resends a server failure as a refusal", async () => {
  const events = {
    receive: () => Promise.reject(new Error("KV down")),
  } as unknown as LaneEvents;
  const error = console.error;
  console.error = () => {};
  try {
    const code = async (text: string) => {
      const reply = await handleMessage(events, text, Date.now());
      return reply?.type === "refused" ? reply.code : reply;
    };
    assert.equal(await code("not json"), "bad_json");
    assert.equal(await code(JSON.stringify({ type: "hello" })), "invalid_lane_event");
    assert.equal(await code("x".repeat(MAX_MESSAGE_CHARS + 1)), "too_large");
    assert.equal(await code(JSON.stringify({ type: "event", event: laneEvent("release") })), null);
  } finally {
    console.error = error;
  }
});
