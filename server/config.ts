import { z } from "zod";
import { cameraNetsSetting } from "../core/camera_url.ts";
import { bool, loadConfig, port, positiveInt } from "../core/config.ts";

const ServerConfigSchema = z.object({
  /** HTTP port of the API and web app. */
  PORT: port(8000),
  HOST: z.string().default("0.0.0.0"),
  /** Where the embedded defaults keep their files: PGlite, Deno KV, signing keys, camera key. */
  DATA_DIR: z.string().default("./data"),
  /** PostgreSQL URL; unset means embedded PGlite in DATA_DIR/pglite. */
  DATABASE_URL: z.string().optional(),
  /**
   * Deno KV path or URL; unset means DATA_DIR/lanecast.kv. `postgres` keeps it in the
   * database (table kv_entries), shared by every API instance on one DATABASE_URL.
   */
  KV_PATH: z.string().optional(),
  /**
   * How live updates reach live streams: `memory` (this process only) or `postgres`
   * (LISTEN/NOTIFY: every API instance on one DATABASE_URL gets every update; on PGlite it
   * stays memory).
   */
  LIVE_BUS: z.enum(["memory", "postgres"]).default("memory"),
  /**
   * Keep the generated keys (lane token signing key, camera, inference, SFU service and clip
   * URL keys) in the database (table server_secrets) rather than only in DATA_DIR, so several
   * API instances share them; the first instance to start stores its own.
   */
  SHARED_KEYS: bool(false),
  /** Lanes created on first start, and how many of them the simulator feeds. */
  LANES: z.coerce.number().int().min(0).max(200).default(6),
  SIM_LANES: z.coerce.number().int().min(0).max(200).default(4),
  /** Bearer key cameras and the simulator present to publish; unset means one generated into DATA_DIR. */
  CAMERA_KEY: z.string().min(16).optional(),
  /**
   * Which lanes the global CAMERA_KEY may publish to: "sim" (the simulator's
   * lanes only) or "all" (any lane, as before lanes had keys of their own).
   */
  CAMERA_KEY_LANES: z.enum(["sim", "all"]).default("sim"),
  /**
   * Comma-separated CIDR ranges a pulled camera URL may point into; empty means
   * any address but loopback, link-local, multicast and cloud metadata (see core/camera_url.ts).
   */
  CAMERA_ALLOWED_NETS: cameraNetsSetting(),
  /** The SFU as this server reaches it. */
  SFU_URL: z.string().url().default("http://127.0.0.1:8001"),
  /** Key for the SFU's internal routes (/lanes, /ingest, /metrics); unset means one generated into DATA_DIR. */
  SFU_SERVICE_KEY: z.string().min(16).optional(),
  /**
   * SFU hosts that announce themselves (sfu SFU_ANNOUNCE_TO) count as alive
   * this long after their last announcement; lane tokens name a live host
   * chosen by load. None alive: SFU_URL / SFU_PUBLIC_URL as with one SFU.
   */
  SFU_HOST_TTL_MS: positiveInt(3000),
  /**
   * Each SFU host's own announce key, `id=key,id=key` (keys of 16+ characters):
   * a host announces only under its own id, with its key (sfu SFU_ANNOUNCE_KEY).
   * Unset: any holder of SFU_SERVICE_KEY may announce any id.
   */
  SFU_HOST_KEYS: z.string().optional().transform((v, ctx) => {
    if (!v?.trim()) return undefined;
    const keys = new Map<string, string>();
    for (const item of v.split(",").map((x) => x.trim()).filter(Boolean)) {
      const m = /^([A-Za-z0-9._-]{1,64})=(\S{16,})$/.exec(item);
      if (!m) {
        ctx.addIssue({ code: "custom", message: 'each entry must be "id=key" (a key of 16+ characters)' });
        return z.NEVER;
      }
      keys.set(m[1], m[2]);
    }
    return keys;
  }),
  /**
   * Origins (`scheme://host:port`) an announced host's publicUrl and
   * internalUrl may name, comma-separated. Unset: any http(s) URL.
   */
  SFU_HOST_URLS: z.string().optional().transform((v, ctx) => {
    if (!v?.trim()) return undefined;
    const origins = new Set<string>();
    for (const item of v.split(",").map((x) => x.trim()).filter(Boolean)) {
      try {
        origins.add(new URL(item).origin);
      } catch {
        ctx.addIssue({ code: "custom", message: `"${item.slice(0, 80)}" is not a URL` });
        return z.NEVER;
      }
    }
    return origins;
  }),
  /** Viewer tokens (`POST /api/lanes/{id}/watch`) one client address may get per minute. */
  WATCH_LIMIT_PER_MINUTE: positiveInt(60),
  /** How long the lane list (`GET /api/lanes`) reuses its read of every lane's game; 0 reads each time. */
  LANE_GAMES_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  /** The SFU as browsers reach it; unset means the request's host name on the SFU's port. */
  SFU_PUBLIC_URL: z.string().url().optional(),
  /**
   * More places browsers may connect to for video (Content-Security-Policy
   * `connect-src`): the SFU hosts' public origins when several announce
   * themselves, e.g. `https://*.sfu.example.com wss://*.sfu.example.com` or
   * `http://203.0.113.7:* ws://203.0.113.7:*`. Space or comma separated.
   */
  SFU_CONNECT_SRC: z.string().default("").transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .pipe(
      z.array(
        z.string().regex(
          /^(https?|wss?):\/\/(\*\.)?[A-Za-z0-9.-]+(:(\d{1,5}|\*))?$/,
          "a scheme://host[:port] source (host may start with *., port may be *)",
        ),
      ),
    ),
  /** Lifetime of lane tokens handed to viewers and cameras. */
  LANE_TOKEN_TTL_S: positiveInt(300),
  /** How long a session's check-in code (the lane's QR code) is good for; the console renews it. */
  CHECK_IN_CODE_TTL_S: positiveInt(900),
  /** Comma-separated origins allowed to call the API from other sites; empty means same origin only. */
  CORS_ORIGINS: z.string().default(""),
  /** How often the server makes the SFU's pulled cameras match the lanes' RTSP sources. */
  CAMERA_SYNC_MS: positiveInt(10_000),
  /** Lifetime of API access tokens (JWT); refresh tokens renew them. */
  ACCESS_TOKEN_TTL_S: positiveInt(900),
  /** Lifetime of a refresh token (each use rotates it). */
  REFRESH_TOKEN_TTL_S: positiveInt(30 * 24 * 3600),
  /** Longest a login lasts from its sign-in, however often it is refreshed; then log in again. */
  REFRESH_ABSOLUTE_TTL_S: positiveInt(30 * 24 * 3600),
  /** `Strict-Transport-Security` max-age, sent only on requests that came over TLS; 0 sends none. */
  HSTS_MAX_AGE_S: z.coerce.number().int().min(0).default(180 * 24 * 3600),
  /** An admin account created (or its password reset) at start when both are set. */
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(12).max(200).optional(),
  /** Take the client's address from the last `X-Forwarded-For` entry (only behind one trusted proxy). */
  TRUST_PROXY: bool(false),
  /** Bearer token Prometheus presents at `GET /metrics`; unset serves it to this machine only. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** The site's address as people reach it (QR codes, links); unset means the request's own origin. */
  PUBLIC_URL: z.string().url().optional(),
  /** Key the inference sidecar presents; unset means one generated into DATA_DIR. */
  INFERENCE_KEY: z.string().min(16).optional(),
  /** A sidecar's lane lease lasts this long unless renewed (it renews every third of it); a dead sidecar's lanes move after it. */
  INFERENCE_LEASE_TTL_MS: z.coerce.number().int().min(500).max(600_000).default(5_000),
  /** Run the outbox consumer in this process (scores shots; off for API-only instances beside one that runs it). */
  OUTBOX_CONSUMER: bool(true),
  /** The consumer looks for outbox rows at least this often (it is also woken by each new row). */
  OUTBOX_POLL_MS: positiveInt(1_000),
  /** How long a claimed outbox row stays with its consumer before another may take it (a crashed one's rows come back after this). */
  OUTBOX_LEASE_MS: positiveInt(30_000),
  /** Attempts before an outbox row is dead and waits for staff (GET /api/outbox). */
  OUTBOX_MAX_ATTEMPTS: positiveInt(10),
  /**
   * Keep a session of simulated bowlers open on every enabled simulated lane
   * (one opened where none is, a complete one replaced), so the demo plays games
   * and markets by itself; a session staff opened is left alone.
   */
  SIM_SESSIONS: bool(true),
  /**
   * Open play: a lane whose camera is live and that has no game gets one the AI
   * scores (opened by its first shot, or at once on a lane that never had one);
   * staff may name it (POST /api/sessions/{id}/claim) or close it.
   */
  OPEN_PLAY: bool(true),
  /** The ledger's one currency (ISO 4217 code); every account, market and bet uses it. */
  CURRENCY: z.string().regex(/^[A-Z]{3}$/, "Must be three capital letters such as USD").default(
    "USD",
  ),
  /** Youngest age (years) at which a spectator may become a bettor. */
  MIN_BETTING_AGE: z.coerce.number().int().min(0).max(120).default(18),
  /** Bettors may add demo money through the sandbox provider (wallets say `demo`). */
  SANDBOX_DEPOSITS: bool(true),
  /** Share of each market's pool kept as takeout, in basis points (1000 = 10 %). */
  TAKEOUT_BPS: z.coerce.number().int().min(0).max(5000).default(1000),
  /** Shift of the past-posting cutoff from the approach/release capture time (ms): + grace for stream delay, - a stricter margin. */
  BET_ACCEPT_DELAY_MS: z.coerce.number().int().min(-10_000).max(10_000).default(0),
  /** At most one `market` pools update per market per this many ms on a lane's live stream (the last one always goes out). */
  MARKET_POOL_PUSH_MS: positiveInt(250),
  /** Seconds after determination before a market is final (staff may dispute it until then). */
  DISPUTE_WINDOW_S: z.coerce.number().int().min(0).max(7 * 24 * 3600).default(120),
  /** Twilio account for texts (share links, phone codes); unset means texts stay in the outbox for staff (GET /api/staff/sms). */
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  /** The Twilio number (E.164) or messaging sender texts come from. */
  TWILIO_FROM: z.string().optional(),
  /** Send the Twilio SDK's requests here instead of Twilio's hosts (tests: the fake Twilio server). */
  TWILIO_API_BASE: z.string().url().optional(),
  /** Ask Twilio to report each text's delivery to `PUBLIC_URL` + `/api/webhooks/twilio` (needs PUBLIC_URL). */
  TWILIO_STATUS_CALLBACKS: bool(true),
  /** PayPal REST app credentials; unset means PayPal deposits are off (409 `provider_unavailable`). */
  PAYPAL_CLIENT_ID: z.string().optional(),
  PAYPAL_CLIENT_SECRET: z.string().optional(),
  /** The id of the webhook registered for `/api/webhooks/paypal` (its events are verified against it). */
  PAYPAL_WEBHOOK_ID: z.string().optional(),
  /** Which PayPal the SDK talks to. */
  PAYPAL_ENVIRONMENT: z.enum(["sandbox", "production"]).default("sandbox"),
  /** Send the PayPal SDK's requests here instead of PayPal's hosts, and accept webhook certificates from it (tests: the fake PayPal). */
  PAYPAL_API_BASE: z.string().url().optional(),
  /** How long a phone verification code is good for. */
  PHONE_CODE_TTL_S: positiveInt(600),
  /** Wrong codes before a verification code is spent (ask for a new one). */
  PHONE_CODE_MAX_ATTEMPTS: positiveInt(5),
  /** Texts (codes and share links) one user may have sent per hour. */
  SMS_PER_HOUR: positiveInt(10),
  /** SMTP server for account mail (`smtp://user:pass@host:587`, `smtps://…`); unset means mail is held for admins (GET /api/staff/mail) and logged on stdout. */
  SMTP_URL: z.string().regex(/^smtps?:\/\/\S+$/, "Must be an smtp:// or smtps:// URL").optional(),
  /** The sender of account mail. */
  MAIL_FROM: z.string().min(3).default("Lanecast <no-reply@lanecast.invalid>"),
  /** How long the link of a sign-up's confirmation mail works (seconds). */
  SIGNUP_LINK_TTL_S: positiveInt(86_400),
  /** Stripe secret key (`sk_…`); unset means Stripe deposits are off (409 `provider_unavailable`) and the sandbox stays. */
  STRIPE_SECRET_KEY: z.string().min(8).optional(),
  /** Signing secret (`whsec_…`) of the webhook endpoint `POST /api/webhooks/stripe`; needed with STRIPE_SECRET_KEY. */
  STRIPE_WEBHOOK_SECRET: z.string().min(8).optional(),
  /** Publishable key (`pk_…`) the browser's Stripe Elements use. */
  STRIPE_PUBLISHABLE_KEY: z.string().min(8).optional(),
  /** Send the Stripe SDK's requests here instead of Stripe's API host (tests: the fake Stripe server). */
  STRIPE_API_BASE: z.string().url().optional(),
  /** Oldest signature timestamp a Stripe webhook may carry (seconds; replays of older ones are refused). */
  STRIPE_WEBHOOK_TOLERANCE_S: positiveInt(300),
  /** How often reconciliation lists recent PaymentIntents and credits any a lost webhook missed (seconds). */
  RECONCILE_INTERVAL_S: positiveInt(300),
  /** Folder of the local clip store (clips and posters); unset means DATA_DIR/clips. Unused when S3_BUCKET is set. */
  CLIP_DIR: z.string().optional(),
  /** Days a shot's clip is kept before the cleanup job removes it (clips staff keep stay). */
  CLIP_RETENTION_DAYS: positiveInt(30),
  /** Lifetime of a signed clip or poster URL (seconds); the API hands out fresh ones on every read. */
  CLIP_URL_TTL_S: positiveInt(3600),
  /** Key that signs the local store's media URLs (HMAC-SHA256); unset means one generated into DATA_DIR. */
  CLIP_URL_KEY: z.string().min(16).optional(),
  /** Attempts of a clip job (cut, poster, store) before its clip is marked failed. */
  CLIP_JOB_MAX_ATTEMPTS: positiveInt(6),
  /** The clip worker looks for due jobs at least this often (it is also woken by each new job). */
  CLIP_POLL_MS: positiveInt(1_000),
  /** S3 bucket of clips; set, clips go to S3 (or an S3-compatible store) instead of CLIP_DIR. */
  S3_BUCKET: z.string().min(3).max(63).optional(),
  /** Region of the bucket (credentials come from the AWS SDK's default chain: AWS_ACCESS_KEY_ID, …). */
  S3_REGION: z.string().default("us-east-1"),
  /** Address of an S3-compatible store (MinIO, R2, …); unset means AWS. */
  S3_ENDPOINT: z.string().url().optional(),
  /** Address the bucket in the path rather than the host name (most S3-compatible stores want this). */
  S3_FORCE_PATH_STYLE: bool(false),
  /** Folder of the built web app. */
  WEB_DIST: z.string().default("./web/dist"),
  /** A shot's replay and clip start this long before the release (ms). */
  REPLAY_PRE_MS: z.coerce.number().int().min(0).max(10_000).default(1000),
  /** ... and end this long after the pins settle (ms). */
  REPLAY_POST_MS: z.coerce.number().int().min(0).max(10_000).default(1500),
  /** Longest replay or clip window, seconds (the SFU's REPLAY_MAX_CLIP_S should match). */
  REPLAY_MAX_CLIP_S: positiveInt(30),
  /** Largest video `POST /api/analyze` accepts, bytes (100 MB). */
  ANALYZE_MAX_BYTES: positiveInt(100_000_000),
  /** Folder of uploaded videos waiting for or under analysis; unset means DATA_DIR/analyze. */
  ANALYZE_DIR: z.string().optional(),
  /** Videos analysed at once (1–2, so live lanes keep their CPU). */
  ANALYZE_CONCURRENCY: z.coerce.number().int().min(1).max(2).default(1),
  /** Unfinished analysis jobs (queued or running) one user may have. */
  ANALYZE_MAX_JOBS_PER_USER: positiveInt(3),
  /**
   * Videos wider than this are scaled down to it before the models see them (640: the live
   * lanes' size, which the models are measured at; a 720p video decodes and analyses twice as fast).
   */
  ANALYZE_MAX_WIDTH: z.coerce.number().int().min(160).max(3840).default(640),
  /** Longest one analysis may run before it is stopped and failed (seconds). */
  ANALYZE_TIMEOUT_S: positiveInt(600),
  /** Ask AWS Rekognition for a second opinion on each uploaded video (needs REKOGNITION_BUCKET or S3_BUCKET). */
  REKOGNITION: bool(false),
  /** Bucket the uploads go to while Rekognition reads them; unset means S3_BUCKET. */
  REKOGNITION_BUCKET: z.string().min(3).max(63).optional(),
  /** Rekognition's region; unset means AWS_REGION, else S3_REGION. */
  REKOGNITION_REGION: z.string().optional(),
  /** Address of Rekognition (tests point it at a local one); unset means AWS. */
  REKOGNITION_ENDPOINT: z.string().url().optional(),
  /** Rekognition labels below this confidence (percent) are not reported. */
  REKOGNITION_MIN_CONFIDENCE: z.coerce.number().min(0).max(100).default(50),
  /** Play instant replays at half speed (timestamps stretched; nothing re-encoded). */
  REPLAY_HALF_SPEED: bool(false),
});

export type ServerConfig = z.infer<typeof ServerConfigSchema>;

export function loadServerConfig(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Readonly<ServerConfig> {
  const config = loadConfig(ServerConfigSchema, env);
  if (!config.PAYPAL_CLIENT_ID !== !config.PAYPAL_CLIENT_SECRET) {
    throw new Error("PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET must be set together");
  }
  if (config.SIM_LANES > config.LANES) {
    throw new Error(`SIM_LANES (${config.SIM_LANES}) cannot be more than LANES (${config.LANES})`);
  }
  if (config.REKOGNITION && !(config.REKOGNITION_BUCKET ?? config.S3_BUCKET)) {
    throw new Error(
      "REKOGNITION=on needs REKOGNITION_BUCKET or S3_BUCKET (Rekognition reads videos from S3)",
    );
  }
  if (config.STRIPE_SECRET_KEY && !config.STRIPE_WEBHOOK_SECRET) {
    throw new Error(
      "STRIPE_WEBHOOK_SECRET must be set with STRIPE_SECRET_KEY (the webhook credits deposits)",
    );
  }
  return config;
}
