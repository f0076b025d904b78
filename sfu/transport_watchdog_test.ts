import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { waitFor } from "../tools/system.ts";
import { type WatchedTransport, watchTransport } from "./transport_watchdog.ts";

/** A transport whose states and received bytes the test sets. */
class FakeTransport implements WatchedTransport {
  closed = false;
  iceState = "new";
  dtlsState = "new";
  bytesReceived = 0;
  observer = new EventEmitter();
  getStats() {
    return Promise.resolve([{ bytesReceived: this.bytesReceived }]);
  }
  close() {
    this.closed = true;
    this.observer.emit("close");
  }
}

function watch(t: FakeTransport, mayWait?: () => boolean, disconnectTimeoutMs = 300) {
  const expired: string[] = [];
  watchTransport(t, {
    connectTimeoutMs: 200,
    disconnectTimeoutMs,
    mayWait,
    onExpire: (reason) => {
      expired.push(reason);
      t.close();
    },
  });
  return expired;
}

Deno.test("watchTransport() expires a transport that never connects", async () => {
  const t = new FakeTransport();
  const expired = watch(t);
  await waitFor(() => expired.length > 0, 5_000, "the connect timeout");
  assert.match(expired[0], /not connected within 200 ms/);
});

Deno.test("watchTransport() lets a transport wait while it has nothing to carry, then times it", async () => {
  const t = new FakeTransport();
  let waiting = true;
  const expired = watch(t, () => waiting);
  await new Promise((r) => setTimeout(r, 600));
  assert.deepEqual(expired, [], "no clock while there is nothing to receive");
  waiting = false;
  await waitFor(() => expired.length > 0, 5_000, "the connect timeout once needed");
});

Deno.test("watchTransport() keeps a connected peer that is heard, and expires it once silent", async () => {
  const t = new FakeTransport();
  const expired = watch(t, undefined, 1_000);
  t.iceState = "completed";
  t.dtlsState = "connected";
  const talking = setInterval(() => (t.bytesReceived += 100), 50);
  await new Promise((r) => setTimeout(r, 1_500));
  assert.deepEqual(expired, [], "a peer that keeps sending stays");
  clearInterval(talking);
  await waitFor(() => expired.length > 0, 5_000, "the disconnect timeout");
  assert.match(expired[0], /silent for 1000 ms/);
});

Deno.test("watchTransport() expires a connected peer whose ICE stays disconnected", async () => {
  const t = new FakeTransport();
  const expired = watch(t);
  t.dtlsState = "connected";
  t.iceState = "disconnected";
  // Bytes still counted from before do not keep it alive while ICE is down.
  const ticking = setInterval(() => (t.bytesReceived += 1), 50);
  try {
    await waitFor(() => expired.length > 0, 5_000, "the disconnect timeout");
  } finally {
    clearInterval(ticking);
  }
});

Deno.test("watchTransport() stops when the transport closes", async () => {
  const t = new FakeTransport();
  const expired = watch(t);
  t.close();
  await new Promise((r) => setTimeout(r, 400));
  assert.deepEqual(expired, []);
});
