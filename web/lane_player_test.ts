import assert from "node:assert/strict";
import type { types } from "mediasoup-client";
import type { SignalNotification } from "../core/signaling.ts";
import { ApiError } from "./api.ts";
import { LanePlayer } from "./lane_player.ts";

/** A scripted SFU behind fake signaling, device, transport and consumers. */
class FakeSfu {
  producers = new Set<string>(["video-1"]);
  /** The lane's replay producer (consumed only with `replay: true`). */
  replayProducer: string | null = null;
  watchCalls = 0;
  watchError: Error | undefined;
  /** This many first transports never reach "connected". */
  blockedTransports = 0;
  requests: string[] = [];
  sockets: FakeSignaling[] = [];
  transports: FakeTransport[] = [];

  api = {
    watchLane: (laneId: string) => {
      this.watchCalls++;
      if (this.watchError) return Promise.reject(this.watchError);
      const token = `token-${this.watchCalls}`;
      return Promise.resolve({
        token,
        whepUrl: `http://sfu/whep/${laneId}`,
        signalingUrl: `ws://sfu/ws/${laneId}?token=${token}`,
      });
    },
  };

  player(overrides: Partial<ConstructorParameters<typeof LanePlayer>[0]> = {}) {
    return new LanePlayer({
      laneId: "1",
      api: this.api,
      openSignaling: (url) => {
        const socket = new FakeSignaling(this, url);
        this.sockets.push(socket);
        return Promise.resolve(socket);
      },
      createDevice: () =>
        ({
          rtpCapabilities: { codecs: [] },
          load: () => Promise.resolve(),
          createRecvTransport: () => {
            const transport = new FakeTransport(this);
            this.transports.push(transport);
            return transport as unknown as types.Transport;
          },
        }) as unknown as ReturnType<NonNullable<typeof overrides.createDevice>>,
      createStream: (tracks) => ({ tracks }) as unknown as MediaStream,
      backoff: { baseMs: 5, maxMs: 20, jitter: 0 },
      disconnectGraceMs: 40,
      ...overrides,
    });
  }

  get socket(): FakeSignaling {
    return this.sockets.at(-1)!;
  }

  get transport(): FakeTransport {
    return this.transports.at(-1)!;
  }
}

class FakeSignaling {
  onClose: (reason: string) => void = () => {};
  onNotification: (message: SignalNotification) => void = () => {};
  closed = false;
  consumed = new Set<string>();
  constructor(readonly sfu: FakeSfu, readonly url: string) {}

  // deno-lint-ignore no-explicit-any
  request(method: string, data: Record<string, unknown> = {}): Promise<any> {
    this.sfu.requests.push(data.replay ? `${method}(replay)` : method);
    if (this.closed) return Promise.reject(new Error("Signaling is closed"));
    if (method === "consume") {
      const from = data.replay
        ? [this.sfu.replayProducer ?? ""].filter(Boolean)
        : this.sfu.producers;
      const fresh = [...from].filter((id) => !this.consumed.has(id));
      fresh.forEach((id) => this.consumed.add(id));
      return Promise.resolve({
        consumers: fresh.map((producerId) => ({
          id: `consumer-${producerId}`,
          producerId,
          kind: "video",
          rtpParameters: {},
        })),
      });
    }
    if (method === "createTransport") return Promise.resolve({ id: "transport-1" });
    return Promise.resolve({});
  }

  close() {
    this.closed = true;
  }

  /** The server side goes away. */
  drop(reason = "Going away") {
    this.closed = true;
    this.onClose(reason);
  }

  notify(message: SignalNotification) {
    this.onNotification(message);
  }
}

class FakeTransport {
  readonly blocked: boolean;
  constructor(sfu: FakeSfu) {
    this.blocked = sfu.transports.length < sfu.blockedTransports;
  }
  id = "transport-1";
  connectionState = "new";
  closed = false;
  consumers: { producerId: string; closed: boolean }[] = [];
  // deno-lint-ignore no-explicit-any
  #listeners = new Map<string, ((...args: any[]) => void)[]>();

  // deno-lint-ignore no-explicit-any
  on(event: string, listener: (...args: any[]) => void) {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }

  emit(event: string, ...args: unknown[]) {
    for (const listener of this.#listeners.get(event) ?? []) listener(...args);
  }

  async consume(options: { id: string; producerId: string; kind: string }) {
    if (this.connectionState === "new") {
      await new Promise((resolve, reject) =>
        this.emit("connect", { dtlsParameters: {} }, resolve, reject)
      );
      queueMicrotask(() => this.setState(this.blocked ? "connecting" : "connected"));
    }
    const consumer = {
      ...options,
      closed: false,
      track: { id: `track-${options.producerId}`, kind: options.kind },
      on: () => {},
      close: () => consumer.closed = true,
    };
    this.consumers.push(consumer);
    return consumer;
  }

  setState(state: string) {
    this.connectionState = state;
    this.emit("connectionstatechange", state);
  }

  getStats() {
    return Promise.resolve(new Map());
  }

  close() {
    this.closed = true;
    this.consumers.forEach((consumer) => consumer.closed = true);
  }
}

async function until(condition: () => boolean, what: string, ms = 1000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const trackIds = (player: LanePlayer) =>
  (player.stream.value as unknown as { tracks: { id: string }[] } | null)?.tracks.map((t) => t.id);

Deno.test("LanePlayer connects, consumes, resumes and goes live", async () => {
  const sfu = new FakeSfu();
  const player = sfu.player();
  player.start();
  assert.equal(player.status.value, "connecting");
  await until(() => player.status.value === "live", "live");
  assert.deepEqual(sfu.requests, [
    "getRouterRtpCapabilities",
    "createTransport",
    "consume",
    "connectTransport",
    "resumeConsumer",
  ]);
  assert.equal(sfu.socket.url, "ws://sfu/ws/1?token=token-1");
  assert.deepEqual(trackIds(player), ["track-video-1"]);
  assert.equal(player.statusLabel.value, "Live");
  player.stop();
  assert.equal(player.status.value, "idle");
  assert.equal(sfu.socket.closed, true);
  assert.equal(sfu.transport.closed, true);
});

Deno.test("LanePlayer shows the camera offline and picks up a new camera", async () => {
  const sfu = new FakeSfu();
  const player = sfu.player();
  player.start();
  await until(() => player.status.value === "live", "live");

  sfu.producers.clear();
  sfu.socket.notify({ notification: "producerClosed", data: { producerId: "video-1" } });
  assert.equal(player.status.value, "waiting");
  assert.equal(player.statusLabel.value, "Camera offline");
  assert.equal(player.stream.value, null);
  assert.equal(sfu.transport.consumers[0].closed, true);

  sfu.producers.add("video-2");
  sfu.socket.notify({ notification: "newProducer", data: { producerId: "video-2" } });
  await until(() => player.status.value === "live", "live again");
  assert.deepEqual(trackIds(player), ["track-video-2"]);
  assert.equal(sfu.watchCalls, 1);
  player.stop();
});

Deno.test("LanePlayer waits for the camera when the lane has no producer yet", async () => {
  const sfu = new FakeSfu();
  sfu.producers.clear();
  const player = sfu.player();
  player.start();
  await until(() => player.status.value === "waiting", "waiting");
  assert.ok(!sfu.requests.includes("connectTransport"));
  player.stop();
});

Deno.test("LanePlayer reconnects with a fresh watch token when signaling drops", async () => {
  const sfu = new FakeSfu();
  const player = sfu.player();
  player.start();
  await until(() => player.status.value === "live", "live");
  const first = sfu.transport;

  sfu.socket.drop("Server restarting");
  assert.equal(player.status.value, "reconnecting");
  assert.equal(player.error.value, "Server restarting");
  assert.equal(player.attempt.value, 1);
  assert.equal(first.closed, true);

  await until(() => player.status.value === "live" && sfu.watchCalls === 2, "live again");
  assert.equal(sfu.socket.url, "ws://sfu/ws/1?token=token-2");
  assert.equal(player.error.value, null);
  player.stop();
});

Deno.test("LanePlayer reconnects when the lane closes", async () => {
  const sfu = new FakeSfu();
  const player = sfu.player();
  player.start();
  await until(() => player.status.value === "live", "live");
  sfu.socket.notify({ notification: "laneClosed", data: { reason: "Router closed" } });
  assert.equal(player.status.value, "reconnecting");
  assert.equal(sfu.sockets[0].closed, true);
  await until(() => player.status.value === "live" && sfu.sockets.length === 2, "live again");
  player.stop();
});

Deno.test("LanePlayer retries a lost lane at once the first time, and backs off after that", async () => {
  const sfu = new FakeSfu();
  const player = sfu.player({ backoff: { baseMs: 60_000, jitter: 0 } });
  player.start();
  await until(() => player.status.value === "live", "live");
  // The lane's media worker died: the SFU closed the lane on the socket.
  sfu.socket.notify({ notification: "laneClosed", data: { reason: "worker died" } });
  await until(() => player.status.value === "live" && sfu.watchCalls === 2, "live again");

  // Broken again before it was stable: this retry waits its backoff.
  sfu.socket.drop("Going away");
  assert.equal(player.attempt.value, 2);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(sfu.watchCalls, 2);
  assert.equal(player.status.value, "reconnecting");
  player.stop();
});

Deno.test("LanePlayer rides out a short disconnection without reconnecting", async () => {
  const sfu = new FakeSfu();
  const player = sfu.player({ disconnectGraceMs: 200 });
  player.start();
  await until(() => player.status.value === "live", "live");
  sfu.transport.setState("disconnected");
  assert.equal(player.status.value, "reconnecting");
  await new Promise((resolve) => setTimeout(resolve, 20));
  sfu.transport.setState("connected");
  assert.equal(player.status.value, "live");
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(sfu.watchCalls, 1);
  player.stop();
});

Deno.test("LanePlayer reconnects after the transport stays disconnected past the grace period", async () => {
  const sfu = new FakeSfu();
  const player = sfu.player({ disconnectGraceMs: 50 });
  player.start();
  await until(() => player.status.value === "live", "live");
  sfu.transport.setState("disconnected");
  await Promise.resolve();
  assert.equal(sfu.watchCalls, 1);
  await until(() => sfu.watchCalls === 2, "a second watch grant");
  await until(() => player.status.value === "live", "live again");
  assert.equal(sfu.transports.length, 2);
  assert.equal(sfu.transports[0].closed, true);
  player.stop();
});

Deno.test("LanePlayer reconnects at once when the transport fails", async () => {
  const sfu = new FakeSfu();
  const player = sfu.player({ disconnectGraceMs: 10_000 });
  player.start();
  await until(() => player.status.value === "live", "live");
  sfu.transport.setState("failed");
  assert.equal(player.error.value, "Connection failed");
  await until(() => player.status.value === "live" && sfu.watchCalls === 2, "live again");
  player.stop();
});

Deno.test("LanePlayer retries an attempt that never connects", async () => {
  const sfu = new FakeSfu();
  sfu.blockedTransports = 1;
  const player = sfu.player({ connectTimeoutMs: 150 });
  const reasons: string[] = [];
  player.error.subscribe((reason) => reason && reasons.push(reason));
  player.start();
  await until(() => sfu.requests.includes("resumeConsumer"), "resume");
  assert.notEqual(player.status.value, "live");
  await until(() => sfu.watchCalls === 2, "a second attempt");
  assert.deepEqual(reasons, ["Timed out connecting"]);
  assert.equal(sfu.transports[0].closed, true);
  await until(() => player.status.value === "live", "live");
  await new Promise((resolve) => setTimeout(resolve, 250));
  assert.equal(sfu.watchCalls, 2, "the timeout was cleared once live");
  player.stop();
});

Deno.test("LanePlayer keeps retrying with backoff while the server is unreachable", async () => {
  const sfu = new FakeSfu();
  sfu.watchError = new TypeError("fetch failed");
  const player = sfu.player();
  player.start();
  await until(() => sfu.watchCalls >= 3, "three attempts");
  assert.equal(player.status.value, "reconnecting");
  assert.equal(player.error.value, "Cannot reach the server");
  assert.ok(player.attempt.value >= 2);
  sfu.watchError = undefined;
  await until(() => player.status.value === "live", "live");
  player.stop();
});

Deno.test("LanePlayer gives up on an API error that retrying cannot fix", async () => {
  const sfu = new FakeSfu();
  sfu.watchError = new ApiError({
    status: 404,
    title: "Not Found",
    detail: 'Cannot find lane "1"',
  });
  const player = sfu.player();
  player.start();
  await until(() => player.status.value === "failed", "failed");
  assert.equal(player.error.value, 'Cannot find lane "1"');
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(sfu.watchCalls, 1);

  sfu.watchError = undefined;
  player.retry();
  await until(() => player.status.value === "live", "live after retry");
  player.stop();
});

Deno.test("LanePlayer.stop() cancels a pending reconnect", async () => {
  const sfu = new FakeSfu();
  const player = sfu.player({ backoff: { baseMs: 30, jitter: 0 } });
  player.start();
  await until(() => player.status.value === "live", "live");
  sfu.socket.drop();
  player.stop();
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(sfu.watchCalls, 1);
  assert.equal(player.status.value, "idle");
});

Deno.test("LanePlayer.collectStats() samples the transport until released", async () => {
  const sfu = new FakeSfu();
  const player = sfu.player();
  player.start();
  await until(() => player.status.value === "live", "live");
  let calls = 0;
  sfu.transport.getStats = () => {
    calls++;
    return Promise.resolve(
      new Map([["IT", { id: "IT", type: "inbound-rtp", kind: "video", timestamp: calls * 1000 }]]),
    );
  };
  const release = player.collectStats(5);
  await until(() => calls >= 2 && player.stats.value !== null, "stats");
  release();
  assert.equal(player.stats.value, null);
  const after = calls;
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(calls, after);
  player.stop();
});

Deno.test("LanePlayer shows an instant replay beside live for its duration, then only live", async () => {
  const sfu = new FakeSfu();
  const player = sfu.player({ replayTailMs: 5 });
  player.start();
  await until(() => player.status.value === "live", "live");
  sfu.replayProducer = "replay-1";
  const notice = (replayId: string) => ({
    notification: "replay" as const,
    data: {
      replayId,
      producerId: "replay-1",
      shotId: "shot-0001",
      fromMs: 1_000,
      toMs: 3_500,
      speed: 1,
      durationMs: 60,
    },
  });
  sfu.socket.notify(notice("r1"));
  await until(() => player.replay.value?.notice.replayId === "r1", "the replay");
  const replayTracks = (player.replay.value!.stream as unknown as { tracks: { id: string }[] })
    .tracks.map((t) => t.id);
  assert.deepEqual(replayTracks, ["track-replay-1"]);
  assert.deepEqual(trackIds(player), ["track-video-1"], "live keeps its own stream");
  assert.equal(player.status.value, "live");
  await until(() => player.replay.value === null, "back to live only");

  sfu.socket.notify(notice("r2"));
  await until(() => player.replay.value?.notice.replayId === "r2", "the second replay");
  assert.equal(
    sfu.requests.filter((r) => r === "consume(replay)").length,
    1,
    "the replay producer is consumed once per session",
  );
  player.endReplay();
  assert.equal(player.replay.value, null);
  player.stop();
});
