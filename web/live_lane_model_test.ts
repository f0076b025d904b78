import assert from "node:assert/strict";
import type { LaneShot, LaneVideoFit } from "./api.ts";
import { type EventSourceLike, LiveLaneModel, mergeShots } from "./live_lane_model.ts";
import type { SessionSheet } from "./staff/staff_api.ts";

class FakeSource implements EventSourceLike {
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  listeners = new Map<string, (event: MessageEvent) => void>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.listeners.set(type, listener);
  }
  close(): void {
    this.closed = true;
  }
  emit(type: string, data: unknown): void {
    this.listeners.get(type)?.(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
}

function shot(id: string, releasedAtMs: number, extra: Partial<LaneShot> = {}): LaneShot {
  return {
    id,
    laneId: "1",
    releasedAtMs,
    status: "auto",
    metrics: null,
    standingBefore: 1023,
    standing: 0,
    pinConfidence: 0.99,
    trackConfidence: 0.9,
    foul: false,
    foulConfidence: 0.999,
    gutter: false,
    path: [],
    models: { ball: "b", pins: "p" },
    createdAt: new Date(releasedAtMs).toISOString(),
    ...extra,
  };
}

const SHEET = {
  id: "00000000-0000-4000-8000-000000000001",
  laneId: "1",
  status: "open",
  openedAt: "2025-01-01T00:00:00.000Z",
  closedAt: null,
  bowlers: [],
  turn: null,
  complete: false,
} satisfies SessionSheet;

function setup(
  { shots = [] as LaneShot[], fit = null as LaneVideoFit | null, failShots = false } = {},
) {
  const sources: FakeSource[] = [];
  const shotCalls: number[] = [];
  const model = new LiveLaneModel({
    laneId: "1",
    api: {
      liveUrl: (id) => `/api/lanes/${id}/live`,
      laneShots: (_id, limit) => {
        shotCalls.push(limit);
        return failShots ? Promise.reject(new TypeError("offline")) : Promise.resolve(shots);
      },
      laneVideoFit: () => Promise.resolve(fit),
    },
    connect: (url) => {
      const source = new FakeSource(url);
      sources.push(source);
      return source;
    },
    backoff: { baseMs: 5, maxMs: 5, jitter: 0 },
    keepShots: 3,
    freshMs: 20,
  });
  return { model, sources, shotCalls };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

Deno.test("a session event replaces the sheet, and null clears it", () => {
  const { model, sources } = setup();
  model.start();
  assert.equal(sources[0].url, "/api/lanes/1/live");
  sources[0].emit("session", SHEET);
  assert.deepEqual(model.sheet.value, SHEET);
  sources[0].emit("session", null);
  assert.equal(model.sheet.value, null);
  model.stop();
});

Deno.test("receive() ignores bad JSON, unknown events and data of the wrong shape", () => {
  const { model } = setup();
  model.receive("session", JSON.stringify(SHEET));
  model.receive("session", "{not json");
  model.receive("session", JSON.stringify({ id: 3 }));
  model.receive("shot", JSON.stringify({ id: "x" }));
  model.receive("market", JSON.stringify(shot("s1", 1)));
  assert.deepEqual(model.sheet.value, SHEET);
  assert.deepEqual(model.shots.value, []);
});

Deno.test("a live shot becomes the latest and stays fresh for freshMs", async () => {
  const { model, sources } = setup();
  model.start();
  const s = shot("shot-0001", 1000);
  sources[0].emit("shot", s);
  assert.equal(model.latestShot.value?.id, "shot-0001");
  assert.equal(model.freshShot.value?.id, "shot-0001");
  await tick(40);
  assert.equal(model.freshShot.value, null);
  assert.equal(model.latestShot.value?.id, "shot-0001");
  model.stop();
});

Deno.test("the next ball's approach takes the last ball's path off the picture", () => {
  const { model, sources } = setup();
  model.start();
  sources[0].emit("shot", shot("shot-0002", 1000));
  assert.equal(model.freshShot.value?.id, "shot-0002");
  sources[0].emit("ai-event", {
    id: "1-approach-5000",
    laneId: "1",
    type: "approach",
    captureTimeMs: 5000,
    confidence: 0.9,
    model: "m",
    models: {},
    receivedAtMs: 5050,
  });
  assert.equal(model.freshShot.value, null);
  assert.equal(model.latestShot.value?.id, "shot-0002", "the last ball's card stays");
  model.stop();
});

Deno.test("a shot from another lane is ignored", () => {
  const { model } = setup();
  model.receive("shot", JSON.stringify(shot("shot-0002", 1, { laneId: "2" })));
  assert.deepEqual(model.shots.value, []);
});

Deno.test("mergeShots() keeps one entry per id, newest release first, at most keep", () => {
  const merged = mergeShots(
    [shot("a", 1), shot("b", 3)],
    [shot("c", 2), shot("b", 3, { status: "review" }), shot("d", 4)],
    3,
  );
  assert.deepEqual(merged.map((s) => s.id), ["d", "b", "c"]);
  assert.equal(merged[1].status, "review");
});

Deno.test("opening the stream fetches recent shots and merges them with live ones", async () => {
  const { model, sources, shotCalls } = setup({ shots: [shot("old-1", 10), shot("old-2", 5)] });
  model.start();
  assert.equal(model.status.value, "connecting");
  sources[0].emit("shot", shot("live-1", 20));
  sources[0].onopen!(new Event("open"));
  assert.equal(model.status.value, "open");
  await tick();
  assert.deepEqual(shotCalls, [3]);
  assert.deepEqual(model.shots.value.map((s) => s.id), ["live-1", "old-1", "old-2"]);
  model.stop();
});

Deno.test("an error closes the stream and reopens it after the backoff; the new one resyncs", async () => {
  const { model, sources } = setup({ failShots: true });
  model.start();
  sources[0].onopen!(new Event("open"));
  sources[0].emit("session", SHEET);
  sources[0].onerror!(new Event("error"));
  assert.equal(sources[0].closed, true);
  assert.equal(model.status.value, "retrying");
  // Events from the closed stream are dropped.
  sources[0].emit("session", null);
  assert.deepEqual(model.sheet.value, SHEET);
  await tick(20);
  assert.equal(sources.length, 2);
  sources[1].onopen!(new Event("open"));
  assert.equal(model.status.value, "open");
  sources[1].emit("session", { ...SHEET, status: "closed" });
  assert.equal(model.sheet.value?.status, "closed");
  model.stop();
});

Deno.test("stop() closes the stream and cancels a pending reconnect", async () => {
  const { model, sources } = setup();
  model.start();
  sources[0].onerror!(new Event("error"));
  model.stop();
  await tick(20);
  assert.equal(sources.length, 1);
  assert.equal(model.status.value, "idle");
});

Deno.test("start() loads the lane's video fit", async () => {
  const fit = { width: 640, height: 360, laneToImage: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  const { model } = setup({ fit });
  model.start();
  await tick();
  assert.deepEqual(model.videoFit.value, fit);
  model.stop();
});

Deno.test("ai-events set what the lane is doing, in capture order, for this lane only", () => {
  const { model, sources } = setup();
  model.start();
  const ai = (type: string, captureTimeMs: number, laneId = "1") => ({
    id: `${laneId}-${type}-${captureTimeMs}`,
    laneId,
    type,
    captureTimeMs,
    confidence: 0.9,
    model: "m",
    models: {},
    receivedAtMs: captureTimeMs + 50,
  });
  const state = () => model.aiState.peek();
  assert.equal(state(), null);
  sources[0].emit("ai-event", ai("approach", 1000));
  sources[0].emit("ai-event", ai("release", 2400));
  assert.deepEqual([state()?.phase, state()?.ballInPlay], [
    "released",
    true,
  ]);
  sources[0].emit("ai-event", ai("rack-ready", 900)); // late
  sources[0].emit("ai-event", ai("rack-ready", 9000, "2")); // another lane
  sources[0].emit("ai-event", { laneId: "1", type: "strike", captureTimeMs: 9999 });
  assert.equal(state()?.phase, "released");
  sources[0].emit("ai-event", ai("rack-ready", 9000));
  assert.deepEqual([state()?.phase, state()?.ballInPlay], [
    "rack-ready",
    false,
  ]);
  model.stop();
});

// ---- hooks for other features on the same stream (betting): ticket, listeners, onOpen ----

function setupWithTicket(ticket?: () => Promise<string | null>) {
  const sources: FakeSource[] = [];
  const received: [string, unknown][] = [];
  let opens = 0;
  const model = new LiveLaneModel({
    laneId: "1",
    api: {
      liveUrl: (id) => `/api/lanes/${id}/live`,
      laneShots: () => Promise.resolve([]),
      laneVideoFit: () => Promise.resolve(null),
    },
    connect: (url) => {
      const source = new FakeSource(url);
      sources.push(source);
      return source;
    },
    backoff: { baseMs: 5, maxMs: 5, jitter: 0 },
    ticket,
    listeners: {
      market: (value) => received.push(["market", value]),
      bet: (value) => received.push(["bet", value]),
    },
    onOpen: () => opens++,
  });
  return { model, sources, received, opens: () => opens };
}

Deno.test("LiveLaneModel opens each connection with a fresh live ticket", async () => {
  let n = 0;
  const { model, sources } = setupWithTicket(() => Promise.resolve(`ticket-${++n}`));
  model.start();
  await tick();
  assert.equal(sources[0].url, "/api/lanes/1/live?ticket=ticket-1");
  sources[0].onerror?.(new Event("error"));
  await tick(20);
  assert.equal(sources[1].url, "/api/lanes/1/live?ticket=ticket-2", "a ticket is single use");
  model.stop();
});

Deno.test("LiveLaneModel connects without a ticket when there is none or it fails", async () => {
  const { model, sources } = setupWithTicket(() => Promise.reject(new Error("401")));
  model.start();
  await tick();
  assert.equal(sources[0].url, "/api/lanes/1/live");
  model.stop();
});

Deno.test("LiveLaneModel hands extra event types to their listeners, parsed", async () => {
  const { model, sources, received } = setupWithTicket();
  model.start();
  await tick();
  sources[0].emit("market", { id: "m1" });
  sources[0].emit("bet", { id: "b1" });
  sources[0].emit("wallet", { available: 1 }); // no listener: ignored
  assert.deepEqual(received, [["market", { id: "m1" }], ["bet", { id: "b1" }]]);
  model.stop();
});

Deno.test("LiveLaneModel calls onOpen on every connection, so missed updates are read again", async () => {
  const { model, sources, opens } = setupWithTicket();
  model.start();
  await tick();
  sources[0].onopen?.(new Event("open"));
  model.reconnect();
  await tick();
  assert.equal(sources[0].closed, true);
  sources[1].onopen?.(new Event("open"));
  assert.equal(opens(), 2);
  model.stop();
});

Deno.test("LiveLaneModel drops a ticket that arrives after a newer connection began", async () => {
  const pending: ((ticket: string) => void)[] = [];
  const { model, sources } = setupWithTicket(() => new Promise((resolve) => pending.push(resolve)));
  model.start();
  model.reconnect(); // signed in meanwhile
  pending[1]("new");
  pending[0]("old");
  await tick();
  assert.deepEqual(sources.map((s) => s.url), ["/api/lanes/1/live?ticket=new"]);
  model.stop();
});
