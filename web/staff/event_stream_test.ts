import assert from "node:assert/strict";
import { EventStream, EventStreamParser, type ServerEvent } from "./event_stream.ts";

Deno.test("EventStreamParser joins data lines and keeps the event name and id", () => {
  const parser = new EventStreamParser();
  const events = parser.push('event: ball\nid: 7\ndata: {"a":\ndata: 1}\n\n: ping\n\ndata: x\n\n');
  assert.deepEqual(events, [
    { event: "ball", data: '{"a":\n1}', id: "7" },
    { event: "message", data: "x", id: "7" },
  ]);
});

Deno.test("EventStreamParser handles events split across chunks and CRLF line ends", () => {
  const parser = new EventStreamParser();
  assert.deepEqual(parser.push("event: sess"), []);
  assert.deepEqual(parser.push("ion\r\ndata: 1\r"), []);
  assert.deepEqual(parser.push("\n\r\n"), [{ event: "session", data: "1", id: undefined }]);
});

Deno.test("EventStream delivers events and reconnects after the stream ends", async () => {
  let connections = 0;
  const seenLastIds: (string | null)[] = [];
  const fetch = (_input: RequestInfo | URL, init?: RequestInit) => {
    connections++;
    seenLastIds.push(new Headers(init?.headers).get("last-event-id"));
    const body = connections === 1 ? "id: 1\ndata: first\n\n" : "id: 2\ndata: second\n\n";
    return Promise.resolve(
      new Response(body, { headers: { "content-type": "text/event-stream" } }),
    );
  };
  const events: ServerEvent[] = [];
  let opens = 0;
  const done = Promise.withResolvers<void>();
  const stream = new EventStream({
    url: "/api/lanes/1/live",
    fetch: fetch as typeof globalThis.fetch,
    onEvent: (e) => {
      events.push(e);
      if (events.length === 2) done.resolve();
    },
    onOpen: () => opens++,
    backoff: { baseMs: 1, maxMs: 1 },
  });
  stream.start();
  await done.promise;
  stream.stop();
  assert.deepEqual(events.map((e) => e.data), ["first", "second"]);
  assert.deepEqual(seenLastIds.slice(0, 2), [null, "1"]);
  assert.ok(opens >= 2);
  assert.equal(stream.status.value, "idle");
});
