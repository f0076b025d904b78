import { z } from "zod";
import { cameraNetsSetting } from "../core/camera_url.ts";
import { bool, loadConfig, port, positiveInt } from "../core/config.ts";

const SfuConfigSchema = z.object({
  /** HTTP port for WHIP, WHEP, WebSocket signaling and /metrics. */
  SFU_PORT: port(8001),
  SFU_HOST: z.string().default("0.0.0.0"),
  /** Address mediasoup binds its RTC sockets to. */
  RTC_LISTEN_IP: z.string().default("0.0.0.0"),
  /** Address put in ICE candidates; set it to the host's LAN or public IP for remote viewers. */
  RTC_ANNOUNCED_IP: z.string().default("127.0.0.1"),
  RTC_MIN_PORT: port(40000),
  RTC_MAX_PORT: port(49999),
  /** mediasoup workers; 0 means one per CPU core. */
  SFU_WORKERS: z.coerce.number().int().min(0).default(0),
  /** Where the server publishes the key that signs lane tokens. */
  JWKS_URL: z.string().url().default("http://127.0.0.1:8000/.well-known/jwks.json"),
  /** A lane with no publisher and no viewers closes after this long. */
  LANE_IDLE_MS: positiveInt(30_000),
  /** A WebRTC transport that has not connected (ICE and DTLS) this long after it is needed is closed. */
  SFU_CONNECT_TIMEOUT_MS: positiveInt(15_000),
  /** A connected WebRTC transport that hears nothing from its peer (or loses ICE) this long is closed. */
  SFU_DISCONNECT_TIMEOUT_MS: positiveInt(30_000),
  /**
   * Caps on viewers (lane:view tokens), counted in WebRTC transports: one per
   * WHEP viewer, one per signaling transport. Per lane (503 lane_full), per
   * client address and per token (429 too_many_viewers). Cameras and the
   * inference sidecar are not counted.
   */
  SFU_MAX_VIEWERS_PER_LANE: positiveInt(400),
  SFU_MAX_VIEWERS_PER_ADDRESS: positiveInt(40),
  SFU_MAX_VIEWERS_PER_TOKEN: positiveInt(4),
  /** Take the client's address from the last `X-Forwarded-For` entry (only behind one trusted proxy). */
  SFU_TRUST_PROXY: bool(false),
  /**
   * Comma-separated CIDR ranges of the proxies in front (the ingress
   * controller's pods); when set, `X-Forwarded-For` is taken only from a peer
   * inside them, whatever SFU_TRUST_PROXY says, so a client reaching the port
   * directly (a host-network pod on the node's address) cannot pick its address.
   */
  SFU_TRUSTED_PROXIES: cameraNetsSetting(),
  /**
   * Bearer key for `/lanes`, `/ingest` and `/metrics` (the server, tools and a
   * metrics scraper hold it); unset means those answer loopback callers only.
   */
  SFU_SERVICE_KEY: z.string().min(16).optional(),
  /** Initial outgoing bitrate estimate for viewers, bits/s. */
  SFU_INITIAL_BITRATE: positiveInt(3_000_000),
  /**
   * Congestion control on the camera → SFU leg of WHIP publishers. "loss":
   * the publisher adapts to the packet loss the SFU reports (RTCP receiver
   * reports) and paces its frames out fast; "transport-cc": delay-based
   * (transport-wide feedback), for cameras behind links that fill up before
   * they drop. See docs/benchmarks.md for what each costs in latency.
   */
  SFU_INGEST_CC: z.enum(["loss", "transport-cc"]).default("loss"),
  /** Bitrate a WHIP publisher starts at (kbit/s; told to libwebrtc publishers in the answer). */
  SFU_INGEST_START_KBPS: positiveInt(2500),
  SFU_LOG_LEVEL: z.enum(["debug", "warn", "error", "none"]).default("warn"),
  FFMPEG_BIN: z.string().default("ffmpeg"),
  /**
   * Comma-separated CIDR ranges a pulled camera may be in; empty means any
   * address but loopback, link-local, multicast and cloud metadata (core/camera_url.ts).
   * Set it as the server's.
   */
  CAMERA_ALLOWED_NETS: cameraNetsSetting(),
  /** Seconds of each lane's camera video the SFU keeps for replays and clips (RTP, not re-encoded). */
  REPLAY_BUFFER_S: positiveInt(60),
  /**
   * Most memory one lane's replay buffer may hold, MiB: a camera sending more
   * than REPLAY_BUFFER_S of it gets a shorter buffer (60 s at 8 Mbit/s is 57 MiB).
   */
  REPLAY_BUFFER_MAX_MB: positiveInt(64),
  /** Longest replay or clip window, seconds (`400 clip_too_long` beyond). */
  REPLAY_MAX_CLIP_S: positiveInt(30),
  /**
   * The SFU asks each lane's camera for a keyframe when none came for this
   * long (ms), so every window starts at most this long before its start.
   */
  REPLAY_KEYFRAME_MS: positiveInt(1000),
  /**
   * Several SFU hosts: the server's address this host announces itself to
   * (`POST /api/internal/sfu-hosts/announce` with SFU_SERVICE_KEY) every
   * SFU_ANNOUNCE_MS. Unset: nothing is announced and the server uses SFU_URL alone.
   */
  SFU_ANNOUNCE_TO: z.string().url().optional(),
  SFU_ANNOUNCE_MS: positiveInt(1000),
  /** This host's own announce key (the server's SFU_HOST_KEYS entry for SFU_ID); unset means SFU_SERVICE_KEY. */
  SFU_ANNOUNCE_KEY: z.string().min(16).optional(),
  /** This host's id among the hosts; unset means "sfu-<port>". */
  SFU_ID: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional(),
  /** This host as browsers reach it (WHEP, signaling); unset means http://127.0.0.1:<port>. */
  SFU_PUBLIC_URL: z.string().url().optional(),
  /** This host as the server and the other hosts reach it (pipes); unset means http://127.0.0.1:<port>. */
  SFU_INTERNAL_URL: z.string().url().optional(),
  /**
   * Viewer transports of one lane on one worker; past this its next viewers
   * are served from a router on another worker, piped from the lane's own
   * (mediasoup pipeToRouter). 0 keeps every viewer on the lane's worker.
   */
  SFU_VIEWERS_PER_WORKER: z.coerce.number().int().min(0).default(300),
  /** Enables /bench/* hooks used by `./lanecast bench media`; never in production. */
  SFU_BENCH: bool(false),
});

export type SfuConfig = z.infer<typeof SfuConfigSchema>;

export function loadSfuConfig(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Readonly<SfuConfig> {
  return loadConfig(SfuConfigSchema, env);
}
