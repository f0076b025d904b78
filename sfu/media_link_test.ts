import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { MediaLink } from "./media_link.ts";
import type { Transport } from "./mediasoup.ts";

/** Just enough of a transport for the link's bookkeeping. */
function fakeTransport() {
  const t = {
    id: crypto.randomUUID(),
    closed: false,
    observer: new EventEmitter(),
    close() {
      t.closed = true;
      t.observer.emit("close");
    },
  };
  return t;
}

Deno.test("closing a media link closes its transports", () => {
  const link = new MediaLink("1", "ws", "test");
  const t = fakeTransport();
  link.addTransport(t as unknown as Transport);
  assert.equal(link.transports.size, 1);
  link.close("done");
  assert.equal(t.closed, true);
  assert.equal(link.transports.size, 0);
});

Deno.test("a transport that arrives after its link closed (a request in flight) is closed at once", () => {
  const link = new MediaLink("1", "ws", "test");
  link.close("socket closed");
  const t = fakeTransport();
  link.addTransport(t as unknown as Transport);
  assert.equal(t.closed, true, "its ports are given back");
  assert.equal(link.transports.size, 0);
});
