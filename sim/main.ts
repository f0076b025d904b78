/**
 * The lane simulator process: asks the server which lanes are simulated,
 * gets a publish token for each with the camera key, and puts them on the
 * air through the SFU at SIM_FPS. Ground truth goes to DATA_DIR/ground_truth/.
 */
import { redactConfig } from "../core/config.ts";
import { loadSimConfig } from "./config.ts";
import { startFrameClock } from "./frame_clock.ts";
import { LaneFeed } from "./lane_feed.ts";
import { createSessionTurns } from "./session_turns.ts";

const config = loadSimConfig();
console.log("sim:", JSON.stringify(redactConfig(config)));
const truthDir = `${config.DATA_DIR}/ground_truth`;
await Deno.mkdir(truthDir, { recursive: true });

async function simLanes(): Promise<string[]> {
  for (;;) {
    try {
      const res = await fetch(`${config.SERVER_URL}/api/lanes`);
      if (res.ok) {
        const lanes = await res.json() as { id: string; source: string }[];
        return lanes.filter((l) => l.source === "sim").map((l) => l.id);
      }
      await res.body?.cancel();
    } catch { /* server not up yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function credentials(laneId: string) {
  const res = await fetch(`${config.SERVER_URL}/api/lanes/${laneId}/publish`, {
    method: "POST",
    headers: { authorization: `Bearer ${config.CAMERA_KEY}` },
  });
  const body = await res.json();
  if (!res.ok) {
    throw new Error(
      `The server refused to let lane ${laneId} publish: ${body.detail ?? res.status}`,
    );
  }
  // The server names the SFU as browsers reach it; the simulator runs beside it.
  return { whipUrl: body.whipUrl as string, token: body.token as string };
}

const lanes = await simLanes();
console.log(
  `sim: simulating lanes ${
    lanes.join(", ") || "(none)"
  } at ${config.SIM_WIDTH}x${config.SIM_HEIGHT} ${config.SIM_FPS} fps, ${
    config.SIM_MAX_KBPS ? `at most ${config.SIM_MAX_KBPS} kbit/s` : "libwebrtc's own bitrate"
  }`,
);
const seeds = config.SIM_SEEDS?.split(",").map(Number);
// Each lane's pinsetter follows its open session (the bowler up, their frame and rack).
const turns = createSessionTurns({ serverUrl: config.SERVER_URL });
for (const laneId of lanes) turns.watch(laneId);
const feeds = lanes.map((laneId, i) =>
  new LaneFeed({
    laneId,
    seed: seeds?.[i] ?? config.SIM_SEED + Number(laneId.replace(/\D/g, "") || 0),
    width: config.SIM_WIDTH,
    height: config.SIM_HEIGHT,
    fps: config.SIM_FPS,
    maxBitrateKbps: config.SIM_MAX_KBPS || undefined,
    credentials: () => credentials(laneId),
    truthPath: `${truthDir}/lane-${laneId}.jsonl`,
    log: (m) => console.log(`sim: ${m}`),
    steer: (planned) => turns.steer(laneId, planned),
  })
);
const finished = new Set<LaneFeed>();
const clock = startFrameClock(config.SIM_FPS, (frame, captureMs) => {
  for (const feed of feeds) {
    if (finished.has(feed)) continue;
    // With SIM_SHOTS, a lane goes off the air once that many shots are done.
    if (config.SIM_SHOTS && feed.sim.shotAt(frame).shot >= config.SIM_SHOTS) {
      finished.add(feed);
      feed.close().then(() =>
        console.log(`sim: lane ${feed.sim.lane} done after ${config.SIM_SHOTS} shots`)
      );
      continue;
    }
    feed.tick(frame, captureMs);
  }
});

const stop = async () => {
  clock.stop();
  turns.stop();
  await Promise.all(feeds.map((f) => f.close()));
  // libwebrtc objects must not outlive the process's teardown.
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", stop);
Deno.addSignalListener("SIGTERM", stop);
