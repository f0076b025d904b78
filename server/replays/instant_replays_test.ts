import assert from "node:assert/strict";
import { laneEventId, type LaneEventType } from "../../core/lane_events.ts";
import { DomainError } from "../../core/errors.ts";
import { createLaneEvents } from "../live/lane_events.ts";
import { createLiveHub, type LiveEvent } from "../live/hub.ts";
import { FakeSfuView } from "../testing.ts";
import { startInstantReplays } from "./instant_replays.ts";

async function setup() {
  const kv = await Deno.openKv(":memory:");
  const live = createLiveHub();
  const events = createLaneEvents({ kv, live, laneExists: () => Promise.resolve(true) });
  const sfu = new FakeSfuView();
  const announced: LiveEvent[] = [];
  const replays = startInstantReplays({
    events,
    sfu,
    live: { publish: (_lane, e) => void announced.push(e) },
    margins: { preMs: 1000, postMs: 1500 },
    maxMs: 30_000,
  });
  const send = (laneId: string, type: LaneEventType, captureTimeMs: number, atMs?: number) =>
    events.receive({
      id: laneEventId(laneId, type, captureTimeMs),
      laneId,
      type,
      captureTimeMs,
      ...(atMs === undefined ? {} : { atMs }),
      confidence: 0.9,
      model: "test",
      models: { detector: "test" },
    });
  return {
    sfu,
    replays,
    announced,
    send,
    close() {
      replays.stop();
      live.close();
      kv.close();
    },
  };
}

Deno.test("an accepted pinfall plays the shot's window from its release as an instant replay, once", async () => {
  const t = await setup();
  try {
    const now = Date.now() - 10_000;
    await t.send("1", "approach", now);
    await t.send("1", "release", now + 1200, now + 1150);
    await t.send("2", "release", now + 1300); // another lane's ball
    const pinfall = await t.send("1", "pinfall", now + 4000);
    await t.send("1", "pinfall", now + 4000); // resent by the sidecar
    await t.replays.settled();
    assert.deepEqual(t.sfu.replays, [[
      "1",
      { shotId: pinfall.event.id, fromMs: now + 150, toMs: now + 5500, speed: 1 },
    ]]);
    assert.deepEqual(t.replays.stats, { played: 1, failed: 0 });
    assert.deepEqual(t.announced, [{
      type: "replay",
      data: {
        replayId: "replay-1",
        laneId: "1",
        pinfallEventId: pinfall.event.id,
        fromMs: now + 150,
        toMs: now + 5500,
        speed: 1,
        durationMs: 5350,
      },
    }], "the lane's live feed is told the replay started");
  } finally {
    await t.close();
  }
});

Deno.test("a pinfall without its release replays the longest window before it", async () => {
  const t = await setup();
  try {
    const now = Date.now() - 10_000;
    await t.send("3", "release", now);
    await t.send("3", "rack-ready", now + 5000); // that ball's replay is done with
    await t.send("3", "pinfall", now + 9000);
    await t.replays.settled();
    assert.deepEqual(t.sfu.replays.map(([, b]) => [b.fromMs, b.toMs]), [[
      now + 10_500 - 30_000,
      now + 10_500,
    ]]);
  } finally {
    await t.close();
  }
});

Deno.test("an instant replay the SFU refuses is counted and logged; the event is still accepted", async () => {
  const t = await setup();
  try {
    t.sfu.replayError = new DomainError("replay_window_gone", "gone");
    const now = Date.now() - 10_000;
    await t.send("1", "release", now);
    const { duplicate } = await t.send("1", "pinfall", now + 3000);
    assert.equal(duplicate, false);
    await t.replays.settled();
    assert.deepEqual(t.replays.stats, { played: 0, failed: 1 });
    assert.deepEqual(t.announced, [], "no replay is announced");
  } finally {
    await t.close();
  }
});
