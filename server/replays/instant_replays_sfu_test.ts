import assert from "node:assert/strict";
import { laneEventId, type LaneEventType } from "../../core/lane_events.ts";
import { replayWindow } from "../../core/replay_window.ts";
import { publishStamped, untilBuffered } from "../../sfu/replay/testing.ts";
import { startTestSfu } from "../../sfu/testing.ts";
import { createLiveHub, type LiveEvent } from "../live/hub.ts";
import { createLaneEvents } from "../live/lane_events.ts";
import { createSfuClient } from "../sfu_client.ts";
import { startInstantReplays } from "./instant_replays.ts";

Deno.test("a lane's live release and pinfall make the real SFU play the shot's window as the lane's replay", async () => {
  const t = await startTestSfu();
  const cam = publishStamped(t, "1");
  const kv = await Deno.openKv(":memory:");
  const live = createLiveHub();
  const announced: LiveEvent[] = [];
  const events = createLaneEvents({ kv, live, laneExists: () => Promise.resolve(true) });
  const replays = startInstantReplays({
    events,
    sfu: createSfuClient(t.url),
    live: { publish: (_lane, e) => void announced.push(e) },
    margins: { preMs: 1000, postMs: 1500 },
    maxMs: 30_000,
  });
  const send = (type: LaneEventType, captureTimeMs: number) =>
    events.receive({
      id: laneEventId("1", type, captureTimeMs),
      laneId: "1",
      type,
      captureTimeMs,
      confidence: 0.9,
      model: "test",
      models: { detector: "test" },
    });
  try {
    await untilBuffered(t, "1", 3500);
    const releaseMs = Date.now() - 2000, pinfallMs = Date.now() - 200;
    await send("release", releaseMs);
    await send("pinfall", pinfallMs);
    await replays.settled();
    assert.deepEqual(replays.stats, { played: 1, failed: 0 });
    const buffer = await t.sfu.replays.get("1");
    assert.equal(buffer.player.played, 1);
    assert.ok(t.sfu.rooms.get("1")!.replayProducer, "the lane has its replay producer");
    const window = replayWindow({ releaseMs, pinfallMs });
    const data = announced[0].data as { fromMs: number; toMs: number };
    assert.equal(data.toMs, window.toMs);
    assert.ok(
      data.fromMs <= window.fromMs && data.fromMs > window.fromMs - 1200,
      "from the keyframe before the window",
    );
  } finally {
    replays.stop();
    live.close();
    kv.close();
    await cam.stop();
    await t.close();
  }
});
