/**
 * Assembles the SFU: worker pool, lane rooms, pulled cameras and the HTTP
 * app. When a worker dies its lanes are re-created on the replacement and
 * pulled cameras restart; WHIP publishers and viewers reconnect on their own.
 */
import type { VerifyKey } from "../core/lane_token.ts";
import { createSfuApp } from "./app.ts";
import { benchRoutes } from "./bench_consumers.ts";
import { remoteVerifyKey } from "./auth.ts";
import type { SfuConfig } from "./config.ts";
import { LaneRooms } from "./lane_rooms.ts";
import { PullIngests } from "./pull_ingest.ts";
import { WorkerPool } from "./workers.ts";

export interface Sfu {
  app: ReturnType<typeof createSfuApp>;
  pool: WorkerPool;
  rooms: LaneRooms;
  pulls: PullIngests;
  close(): void;
}

export async function createSfu(config: Readonly<SfuConfig>, { verifyKey }: { verifyKey?: VerifyKey } = {}): Promise<Sfu> {
  const size = config.SFU_WORKERS || navigator.hardwareConcurrency || 1;
  // deno-lint-ignore prefer-const
  let rooms: LaneRooms;
  const pool = await WorkerPool.create({
    size,
    logLevel: config.SFU_LOG_LEVEL,
    rtcMinPort: config.RTC_MIN_PORT,
    rtcMaxPort: config.RTC_MAX_PORT,
    onWorkerDied: (dead) => {
      // Rooms on the dead worker already closed (their viewers were told); bring their lanes back.
      const lanes = deadLanes.get(dead.pid) ?? [];
      deadLanes.delete(dead.pid);
      for (const lane of lanes) rooms.getOrCreate(lane).catch((err) => console.error(`lane ${lane}: cannot restore`, err));
    },
  });
  const deadLanes = new Map<number, string[]>();
  rooms = new LaneRooms({
    pool,
    listenIp: config.RTC_LISTEN_IP,
    announcedIp: config.RTC_ANNOUNCED_IP,
    initialBitrate: config.SFU_INITIAL_BITRATE,
    idleMs: config.LANE_IDLE_MS,
  });
  rooms.onCreate((room) => {
    room.subscribe((e) => {
      if (e.type === "close" && e.reason === "worker died") {
        const list = deadLanes.get(room.worker.pid) ?? [];
        list.push(room.laneId);
        deadLanes.set(room.worker.pid, list);
      }
    });
  });
  const pulls = new PullIngests(rooms, config.FFMPEG_BIN);
  const app = createSfuApp({ rooms, pool, pulls, verifyKey: verifyKey ?? remoteVerifyKey(config.JWKS_URL) });
  if (config.SFU_BENCH) app.route("/bench", benchRoutes(rooms));
  return {
    app,
    pool,
    rooms,
    pulls,
    close() {
      pulls.closeAll();
      rooms.closeAll("shutting down");
      pool.close();
    },
  };
}
