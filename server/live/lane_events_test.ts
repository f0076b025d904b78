import assert from "node:assert/strict";
import type { LaneEvent, ReceivedLaneEvent } from "../../core/lane_events.ts";
import { DomainError } from "../../core/problem.ts";
import { createFanout, createLiveHub, type LiveEvent, type LiveHub } from "./hub.ts";
import { AI_EVENT, createLaneEvents, MAX_AHEAD_MS } from "./lane_events.ts";
import { testLaneEvent } from "./lane_event_fixture.ts";

const NOW = 1_800_000_000_000;

const laneEvent = (over: Partial<LaneEvent> = {}) =>
  testLaneEvent({ captureTimeMs: NOW - 40, ...over });

async function setup() {
  const kv = await Deno.openKv(":memory:");
  const live = createLiveHub();
  const events = createLaneEvents({
    kv,
    live,
    laneExists: (id) => Promise.resolve(id === "1"),
    now: () => NOW,
  });
  const sse: LiveEvent[] = [];
  live.subscribe("1", (e) => sse.push(e));
  const got: ReceivedLaneEvent[] = [];
  events.subscribe((e) => got.push(e));
  return { kv, events, sse, got };
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error("not refused");
}

Deno.test("receive() publishes an event once, however often its id is sent", async () => {
  const { kv, events, sse, got } = await setup();
  try {
    const first = await events.receive(laneEvent(), NOW);
    const again = await events.receive(laneEvent(), NOW + 500);
    assert.equal(first.duplicate, false);
    assert.equal(again.duplicate, true);
    assert.equal(again.event.receivedAtMs, NOW, "the first receipt time is kept");
    assert.equal(got.length, 1);
    assert.deepEqual(got[0], { ...laneEvent(), receivedAtMs: NOW });
    assert.deepEqual(sse, [{ type: AI_EVENT, data: got[0] }]);
  } finally {
    kv.close();
  }
});

Deno.test("receive() refuses malformed events with invalid_lane_event and says where", async () => {
  const { kv, events, got } = await setup();
  try {
    const cases: unknown[] = [
      null,
      { ...laneEvent(), type: "strike" },
      { ...laneEvent(), confidence: 1.5 },
      { ...laneEvent(), id: "x" },
      { ...laneEvent(), extra: 1 },
      { ...laneEvent(), captureTimeMs: -1 },
      { ...laneEvent(), laneId: "../1" },
    ];
    for (const raw of cases) {
      const err = await refusal(events.receive(raw, NOW));
      assert.equal(err.code, "invalid_lane_event", JSON.stringify(raw));
      assert.match(err.message, /^Invalid lane event/);
    }
    assert.match(
      (await refusal(events.receive({ ...laneEvent(), type: "strike" }))).message,
      /"type"/,
    );
    assert.equal(got.length, 0);
  } finally {
    kv.close();
  }
});

Deno.test("receive() refuses events of unknown lanes and events captured ahead of the server's clock", async () => {
  const { kv, events, got } = await setup();
  try {
    const unknown = await refusal(
      events.receive(laneEvent({ laneId: "9", id: "9-release-1" }), NOW),
    );
    assert.equal(unknown.code, "unknown_lane");
    const ahead = laneEvent({ captureTimeMs: NOW + MAX_AHEAD_MS + 1 });
    assert.equal((await refusal(events.receive(ahead, NOW))).code, "lane_event_ahead");
    assert.equal(got.length, 0);
  } finally {
    kv.close();
  }
});

Deno.test("state() follows capture times: a late event does not roll the lane back", async () => {
  const { kv, events } = await setup();
  try {
    assert.equal(events.state("1"), null);
    await events.receive(laneEvent({ type: "approach", captureTimeMs: NOW - 2000 }), NOW);
    assert.equal(events.state("1")?.phase, "approach");
    await events.receive(laneEvent({ type: "release", captureTimeMs: NOW - 500 }), NOW);
    await events.receive(laneEvent({ type: "rack-ready", captureTimeMs: NOW - 9000 }), NOW);
    const state = events.state("1")!;
    assert.equal(state.phase, "released");
    assert.equal(state.ballInPlay, true);
    await events.receive(laneEvent({ type: "rack-ready", captureTimeMs: NOW - 10 }), NOW);
    assert.deepEqual(
      [events.state("1")!.phase, events.state("1")!.ballInPlay],
      ["rack-ready", false],
    );
  } finally {
    kv.close();
  }
});

Deno.test("an event another instance received moves the lane's state here but calls no listener", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    // A shared hub's subscribers: what another instance published arrives as "remote".
    const fanout = createFanout();
    const live: LiveHub = {
      ...createLiveHub(),
      subscribe: fanout.subscribe,
      subscribers: fanout.subscribers,
      subscribeAll: fanout.subscribeAll,
    };
    const events = createLaneEvents({ kv, live, laneExists: () => Promise.resolve(true) });
    const got: ReceivedLaneEvent[] = [];
    events.subscribe((e) => got.push(e));
    const there: ReceivedLaneEvent = { ...laneEvent({ type: "approach" }), receivedAtMs: NOW };
    fanout.deliver("1", { type: AI_EVENT, data: there }, "remote");
    assert.equal(events.state("1")?.phase, "approach");
    assert.deepEqual(got, [], "the instance that received it acts on it, not this one");
  } finally {
    kv.close();
  }
});
