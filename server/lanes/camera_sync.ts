/**
 * Keeps the SFU pulling every enabled lane whose camera is an RTSP (or other
 * ffmpeg-readable) URL, stops pulls for lanes that changed source, and
 * repeats each lane's publish epoch (so a restarted SFU refuses revoked
 * publish tokens again). Runs at start and every `intervalMs`, so an SFU
 * restart is repaired by itself.
 */
import type { Sql } from "../db.ts";
import type { SigningKeys } from "../keys.ts";
import type { SfuLaneClient } from "../sfu_client.ts";
import { listLanes } from "./repo.ts";
import { ingestToken } from "./sfu_ingest.ts";

export interface CameraSyncOptions {
  sql: Sql;
  sfu: SfuLaneClient;
  keys: SigningKeys;
  intervalMs?: number;
}

export interface CameraSync {
  /** Makes the SFU's pulls match the lanes now (a lane changed); never rejects. */
  syncNow(): Promise<void>;
  stop(): void;
}

export function startCameraSync(
  { sql, sfu, keys, intervalMs = 10_000 }: CameraSyncOptions,
): CameraSync {
  const pulled = new Set<string>();
  let running: Promise<void> | undefined;

  async function sync(): Promise<void> {
    const lanes = await listLanes(sql);
    const want = lanes.filter((l) => l.enabled && l.sourceKind === "rtsp" && l.sourceUrl);
    for (const lane of lanes.filter((l) => l.publishEpoch > 0)) {
      await each(
        lane.id,
        async (token) => await sfu.setPublishEpoch(lane.id, token, lane.publishEpoch),
      );
    }
    for (const lane of want) {
      const codec = /[?&]codec=h264\b/i.test(lane.sourceUrl!) ? "H264" : "VP8";
      const url = lane.sourceUrl!.replace(/[?&]codec=h264\b/i, "");
      await each(lane.id, async (token) => await sfu.setPull(lane.id, token, { url, codec }));
      pulled.add(lane.id);
    }
    for (const id of [...pulled]) {
      if (want.some((l) => l.id === id)) continue;
      if (await each(id, async (token) => await sfu.setPull(id, token, null))) pulled.delete(id);
    }
  }

  /** One lane's call with a fresh `lane:ingest` token; a refusal is logged (false) and the other lanes go on. */
  async function each(lane: string, call: (token: string) => Promise<void>): Promise<boolean> {
    try {
      await call(await ingestToken(keys, lane));
      return true;
    } catch (err) {
      console.warn(`camera sync: ${(err as Error).message}`);
      return false;
    }
  }

  let queued: Promise<void> | undefined;
  /** Syncs now; while a sync is under way (it may have read the lanes before a change), once more after it. */
  const syncNow = (): Promise<void> => {
    if (running) {
      return queued ??= running.then(() => {
        queued = undefined;
        return syncNow();
      });
    }
    return running = sync()
      .catch((err) => console.warn(`camera sync: ${(err as Error).message}`))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(syncNow, intervalMs);
  syncNow();
  return {
    syncNow,
    stop: () => clearInterval(timer),
  };
}
