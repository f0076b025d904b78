/**
 * Assembles the SFU: worker pool, lane rooms, pulled cameras and the HTTP
 * app. When a worker dies its lanes move at once to a surviving worker and
 * their peers are told to reconnect (WebSocket peers by `laneClosed`, WHIP
 * and WHEP clients by their media link's event stream); pulled cameras restart
 * themselves; the pool replaces the dead worker in the background and new
 * lanes spread over it when it runs.
 */
import { parseCidrList } from "../core/ip_net.ts";
import { trustedProxies } from "../server/auth/client_ip.ts";
import { cameraNetPolicy } from "../core/camera_url.ts";
import type { VerifyKey } from "../core/lane_token.ts";
import { startAnnouncer } from "./announce.ts";
import { createSfuApp } from "./app.ts";
import { benchRoutes } from "./bench_consumers.ts";
import { remoteVerifyKey } from "./auth.ts";
import type { SfuConfig } from "./config.ts";
import { LaneRooms } from "./lane_rooms.ts";
import { LanePipes } from "./pipe/lane_pipes.ts";
import { PullIngests } from "./pull_ingest.ts";
import { LaneReplays } from "./replay/lane_replays.ts";
import { ViewerQuota } from "./viewer_quota.ts";
import { WorkerPool, type WorkerPoolOptions } from "./workers.ts";

export interface Sfu {
  app: ReturnType<typeof createSfuApp>;
  pool: WorkerPool;
  rooms: LaneRooms;
  pulls: PullIngests;
  replays: LaneReplays;
  /** Lanes piped in from their origin hosts. */
  pipes: LanePipes;
  close(): void;
}

/** This host's id and URLs among several (config defaults: `sfu-<port>`, loopback). */
export function hostIdentity(config: Readonly<SfuConfig>) {
  const local = `http://127.0.0.1:${config.SFU_PORT}`;
  return {
    id: config.SFU_ID ?? `sfu-${config.SFU_PORT}`,
    publicUrl: config.SFU_PUBLIC_URL ?? local,
    internalUrl: config.SFU_INTERNAL_URL ?? local,
  };
}

export async function createSfu(
  config: Readonly<SfuConfig>,
  { verifyKey, spawnWorker }: {
    verifyKey?: VerifyKey;
    /** Starts a mediasoup worker (tests hold replacements back here). */
    spawnWorker?: WorkerPoolOptions["spawn"];
  } = {},
): Promise<Sfu> {
  const size = config.SFU_WORKERS || navigator.hardwareConcurrency || 1;
  const pool = await WorkerPool.create({
    size,
    logLevel: config.SFU_LOG_LEVEL,
    rtcMinPort: config.RTC_MIN_PORT,
    rtcMaxPort: config.RTC_MAX_PORT,
    spawn: spawnWorker,
  });
  const rooms = new LaneRooms({
    pool,
    listenIp: config.RTC_LISTEN_IP,
    announcedIp: config.RTC_ANNOUNCED_IP,
    initialBitrate: config.SFU_INITIAL_BITRATE,
    ingest: { congestionControl: config.SFU_INGEST_CC, startKbps: config.SFU_INGEST_START_KBPS },
    idleMs: config.LANE_IDLE_MS,
    quota: new ViewerQuota({
      perLane: config.SFU_MAX_VIEWERS_PER_LANE,
      perAddress: config.SFU_MAX_VIEWERS_PER_ADDRESS,
      perToken: config.SFU_MAX_VIEWERS_PER_TOKEN,
    }),
    connectTimeoutMs: config.SFU_CONNECT_TIMEOUT_MS,
    disconnectTimeoutMs: config.SFU_DISCONNECT_TIMEOUT_MS,
    viewersPerWorker: config.SFU_VIEWERS_PER_WORKER,
  });
  const pulls = new PullIngests(rooms, {
    ffmpeg: config.FFMPEG_BIN,
    cameraNets: cameraNetPolicy(config.CAMERA_ALLOWED_NETS),
  });
  const replays = new LaneReplays(rooms, {
    bufferMs: config.REPLAY_BUFFER_S * 1000,
    maxBytes: config.REPLAY_BUFFER_MAX_MB * 2 ** 20,
    maxClipMs: config.REPLAY_MAX_CLIP_S * 1000,
    keyframeIntervalMs: config.REPLAY_KEYFRAME_MS,
    ffmpeg: config.FFMPEG_BIN,
  });
  const identity = hostIdentity(config);
  const pipes = new LanePipes({
    listenIp: config.RTC_LISTEN_IP,
    announcedIp: config.RTC_ANNOUNCED_IP,
    serviceKey: config.SFU_SERVICE_KEY,
    selfUrl: identity.internalUrl,
  });
  const app = createSfuApp({
    rooms,
    pool,
    pulls,
    replays,
    pipes,
    verifyKey: verifyKey ?? remoteVerifyKey(config.JWKS_URL),
    // One of several hosts: refuse lane tokens the server issued for another host.
    hostId: config.SFU_ID || config.SFU_ANNOUNCE_TO ? identity.id : undefined,
    serviceKey: config.SFU_SERVICE_KEY,
    trustProxy: config.SFU_TRUSTED_PROXIES
      ? trustedProxies(parseCidrList(config.SFU_TRUSTED_PROXIES))
      : config.SFU_TRUST_PROXY,
  });
  if (config.SFU_BENCH) {
    app.route("/bench", benchRoutes(rooms));
    // What a lane's replay buffer costs: `./lanecast bench replays` turns it off and on.
    app.put("/bench/replay-buffer/:lane", async (c) => {
      await replays.setBuffering(c.req.param("lane"), c.req.query("on") !== "0");
      return c.body(null, 204);
    });
  }
  const announcer = config.SFU_ANNOUNCE_TO
    ? startAnnouncer({
      ...identity,
      serverUrl: config.SFU_ANNOUNCE_TO,
      serviceKey: config.SFU_ANNOUNCE_KEY ?? config.SFU_SERVICE_KEY,
      intervalMs: config.SFU_ANNOUNCE_MS,
      rooms,
      pool,
    })
    : undefined;
  return {
    app,
    pool,
    rooms,
    pulls,
    replays,
    pipes,
    close() {
      announcer?.stop();
      pulls.closeAll();
      rooms.closeAll("shutting down");
      pool.close();
    },
  };
}
