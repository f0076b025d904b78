import assert from "node:assert/strict";
import { startHttpCamera } from "../../media/http_camera.ts";
import { makeTestClip } from "../../media/test_clip.ts";
import { WhepViewer } from "../../media/whep_viewer.ts";
import { startSystem, waitFor } from "../../tools/system.ts";
import { createDb } from "../db.ts";
import { migrate } from "../migrate.ts";
import { ensureDefaultLanes, updateLane } from "./repo.ts";

Deno.test("a lane whose source is an RTSP-style URL is pulled by the SFU and plays", async () => {
  const dir = await Deno.makeTempDir();
  const clip = `${dir}/camera.webm`;
  await makeTestClip(clip);
  const camera = startHttpCamera(clip);
  // A real PostgreSQL would let us change the lane while the server runs; with PGlite
  // (one connection, owned by the server) set the source before the server starts.
  const seedDir = await Deno.makeTempDir({ prefix: "lanecast-seed-" });
  const db = await createDb({ dataDir: `${seedDir}/pglite` });
  await migrate(db.sql);
  await ensureDefaultLanes(db.sql, { lanes: 2, simLanes: 0 });
  await updateLane(db.sql, "2", { sourceKind: "rtsp", sourceUrl: camera.url });
  await db.close();
  // The test's camera is on loopback, which the operator must allow (the SFU checks again).
  const env = { CAMERA_SYNC_MS: "1000", CAMERA_ALLOWED_NETS: "127.0.0.0/8" };
  const system = await startSystem({ lanes: 2, simLanes: 0, processes: ["server", "sfu"], env, dataDir: seedDir });
  const viewer = new WhepViewer({
    credentials: async () => {
      const body = await (await fetch(`${system.url}/api/lanes/2/watch`, { method: "POST" })).json();
      return { whepUrl: body.whepUrl, token: body.token };
    },
  });
  try {
    await waitFor(async () => (await (await fetch(`${system.url}/api/lanes`)).json())[1].live === true, 30_000, "lane 2 to go live");
    await waitFor(() => viewer.frames >= 20, 20_000, "frames from the pulled camera");
    const pulls = await (await fetch(`${system.sfuUrl}/ingest`, {
      headers: { authorization: `Bearer ${system.sfuServiceKey}` },
    })).json();
    assert.deepEqual(pulls.map((p: { lane: string; running: boolean }) => [p.lane, p.running]), [["2", true]]);
  } finally {
    await viewer.close();
    await system.stop();
    await camera.close();
    await Deno.remove(dir, { recursive: true });
  }
});
