import assert from "node:assert/strict";
import { waitFor } from "../tools/system.ts";
import { publishPattern, startTestSfu } from "./testing.ts";

Deno.test("GET /lanes reports the camera's bitrate, score and last keyframe while it publishes", async () => {
  const t = await startTestSfu();
  const camera = publishPattern(t, "4");
  try {
    type Status = {
      id: string;
      live: boolean;
      video: { bitrate: number; score: number | null; lastKeyFrameAt: number | null } | null;
    };
    let lane: Status | undefined;
    await waitFor(
      async () => {
        const lanes = await (await fetch(`${t.url}/lanes`)).json() as Status[];
        lane = lanes.find((l) => l.id === "4");
        return Boolean(
          lane?.live && lane.video && lane.video.bitrate > 0 && lane.video.lastKeyFrameAt,
        );
      },
      15_000,
      "video health for lane 4",
    );
    assert.ok(lane!.video!.score === null || (lane!.video!.score >= 0 && lane!.video!.score <= 10));
    assert.ok(lane!.video!.lastKeyFrameAt! <= Date.now());
  } finally {
    await camera.stop();
    await t.close();
  }
});
