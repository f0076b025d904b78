import assert from "node:assert/strict";
import * as jose from "jose";
import { generateLaneKeys } from "../../core/lane_token.ts";
import { createDb } from "../db.ts";
import { keysFromJwk } from "../keys.ts";
import { migrate } from "../migrate.ts";
import type { SfuLaneClient } from "../sfu_client.ts";
import { startCameraSync } from "./camera_sync.ts";
import { bumpPublishEpoch, ensureDefaultLanes, updateLane } from "./repo.ts";

Deno.test("syncNow() during a sync runs once more after it, so a change made meanwhile is not missed", async () => {
  await using db = await createDb({ dataDir: "memory://" });
  await migrate(db.sql);
  await ensureDefaultLanes(db.sql, { lanes: 3, simLanes: 0 });
  await updateLane(db.sql, "1", { sourceKind: "rtsp", sourceUrl: "rtsp://cam-1.local/s" });
  const keys = await keysFromJwk(await jose.exportJWK((await generateLaneKeys()).privateKey));
  const pulls: [string, string | null][] = [];
  let release!: () => void;
  let gate = new Promise<void>((r) => (release = r));
  const sfu: SfuLaneClient = {
    lanes: () => Promise.resolve(new Map()),
    health: () => Promise.resolve("ok"),
    setPublishEpoch: () => Promise.resolve(),
    async setPull(lane, _token, source) {
      await gate;
      pulls.push([lane, source?.url ?? null]);
    },
  };
  const sync = startCameraSync({ sql: db.sql, sfu, keys, intervalMs: 3_600_000 });
  try {
    // The start-up sync is waiting on the SFU for lane 1; lane 2 changes meanwhile.
    await new Promise((r) => setTimeout(r, 50));
    await updateLane(db.sql, "2", { sourceKind: "rtsp", sourceUrl: "rtsp://cam-2.local/s" });
    const first = sync.syncNow();
    const second = sync.syncNow();
    assert.equal(first, second, "requests during a sync share the one queued after it");
    release();
    gate = Promise.resolve();
    await first;
    assert.deepEqual(pulls, [["1", "rtsp://cam-1.local/s"], ["1", "rtsp://cam-1.local/s"], [
      "2",
      "rtsp://cam-2.local/s",
    ]]);

    pulls.length = 0;
    await updateLane(db.sql, "1", { enabled: false });
    await sync.syncNow();
    assert.deepEqual(
      pulls,
      [["2", "rtsp://cam-2.local/s"], ["1", null]],
      "a disabled lane's pull stops",
    );
  } finally {
    sync.stop();
  }
});

Deno.test("each sync repeats the lanes' publish epochs, so a restarted SFU refuses revoked tokens again", async () => {
  await using db = await createDb({ dataDir: "memory://" });
  await migrate(db.sql);
  await ensureDefaultLanes(db.sql, { lanes: 3, simLanes: 0 });
  await bumpPublishEpoch(db.sql, "2");
  await bumpPublishEpoch(db.sql, "2");
  const keys = await keysFromJwk(await jose.exportJWK((await generateLaneKeys()).privateKey));
  const told: [string, number, unknown][] = [];
  const sfu: SfuLaneClient = {
    lanes: () => Promise.resolve(new Map()),
    health: () => Promise.resolve("ok"),
    setPull: () => Promise.resolve(),
    setPublishEpoch(lane, token, epoch) {
      told.push([lane, epoch, jose.decodeJwt(token).right]);
      return Promise.reject(new Error("the SFU is down")); // one lane's failure stops nothing
    },
  };
  const sync = startCameraSync({ sql: db.sql, sfu, keys, intervalMs: 3_600_000 });
  try {
    await sync.syncNow(); // after the start-up round
    await sync.syncNow();
    assert.ok(told.length >= 2, "every round");
    assert.deepEqual(
      new Set(told.map((t) => JSON.stringify(t))),
      new Set(['["2",2,"lane:ingest"]']),
    );
  } finally {
    sync.stop();
  }
});
