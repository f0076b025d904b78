/** Test helpers: the server app in memory over a test database, with a controllable SFU view. */
import { createServerMetrics } from "./metrics/metrics.ts";
import { loadServerConfig } from "./config.ts";
import { createApp } from "./app.ts";
import { createLiveHub } from "./live/hub.ts";
import { laneEventsFor } from "./live/lane_events.ts";
import type { AppDeps } from "./context.ts";
import { keysFromJwk } from "./keys.ts";
import { ensureDefaultLanes } from "./lanes/repo.ts";
import { migrate } from "./migrate.ts";
import type { CutClip, PlayReplayBody, SfuClient, SfuLaneStatus } from "./sfu_client.ts";
import { DomainError } from "../core/errors.ts";
import { openTestDb } from "../tools/postgres.ts";
import type { DbKind } from "./db.ts";
import * as jose from "jose";
import { generateLaneKeys } from "../core/lane_token.ts";
import type { Role } from "./auth/roles.ts";
import { signAccessToken } from "./auth/tokens.ts";
import { standingOf } from "./auth/standing.ts";
import { createServerOutbox } from "./outbox/topics.ts";
import { createLedger } from "./ledger/ledger.ts";
import { type MarketsEngine, startMarketsEngine } from "./markets/engine.ts";
import { createClips } from "./clips/service.ts";
import { createStripeGateway } from "./payments/stripe/client.ts";
import { createAnalyze } from "./analyze/service.ts";
import { createSfuHosts } from "./sfu_hosts/hosts.ts";

export const TEST_CAMERA_KEY = "test-camera-key-0123456789";
export const TEST_INFERENCE_KEY = "test-inference-key-0123456789";
export const TEST_SFU_SERVICE_KEY = "test-sfu-service-key-0123456789";

/** The SFU as the server sees it, with lane status set by the test. */
export class FakeSfuView implements SfuClient {
  live = new Map<string, SfuLaneStatus>();
  up = true;
  lanes() {
    return Promise.resolve(this.up ? this.live : null);
  }
  health() {
    return Promise.resolve(this.up ? "ok" as const : "down" as const);
  }
  setPull() {
    return Promise.resolve();
  }
  /** Publish epochs the server told the SFU, in order. */
  epochs: [lane: string, epoch: number][] = [];
  setPublishEpoch(lane: string, _token: string, epoch: number) {
    this.epochs.push([lane, epoch]);
    return Promise.resolve();
  }
  /** Replays the server asked for, in order; a test may make the next one fail with `replayError`. */
  replays: [lane: string, body: PlayReplayBody][] = [];
  replayError: Error | null = null;
  playReplay(lane: string, body: PlayReplayBody) {
    this.replays.push([lane, body]);
    if (this.replayError) return Promise.reject(this.replayError);
    return Promise.resolve({
      replayId: `replay-${this.replays.length}`,
      fromMs: body.fromMs,
      toMs: body.toMs,
    });
  }
  /** The clip `cutClip` answers with (set by a test); without one the window is gone. */
  clip: CutClip | null = null;
  cutClip(lane: string, _window: { fromMs: number; toMs: number }) {
    if (this.clip) return Promise.resolve(this.clip);
    return Promise.reject(
      new DomainError("replay_window_gone", `Lane "${lane}" no longer holds that window`),
    );
  }
  bufferWindow(_lane: string) {
    return Promise.resolve({ fromMs: null, toMs: null, bytes: 0, packets: 0 });
  }
}

export async function createTestApp(kind: DbKind, env: Record<string, string> = {}) {
  const db = await openTestDb(kind);
  await migrate(db.sql);
  await ensureDefaultLanes(db.sql, { lanes: 3, simLanes: 2 });
  const kv = await Deno.openKv(":memory:");
  const pair = await generateLaneKeys();
  const keys = await keysFromJwk(await jose.exportJWK(pair.privateKey));
  const sfu = new FakeSfuView();
  const clipDir = await Deno.makeTempDir({ prefix: "lanecast-test-clips-" });
  const config = loadServerConfig({
    SFU_URL: "http://127.0.0.1:8001",
    CLIP_DIR: clipDir,
    CLIP_URL_KEY: "test-clip-url-key-0123456789",
    LANE_GAMES_CACHE_MS: "0",
    // No open play unless a test asks: a shot on a lane without a session stays out of any game.
    OPEN_PLAY: "false",
    ...env,
  });
  const live = createLiveHub();
  const laneEvents = laneEventsFor({ kv, live, sql: db.sql });
  const ledger = createLedger({ currency: config.CURRENCY });
  const deps: AppDeps = { config, db, kv, keys, sfu, cameraKey: TEST_CAMERA_KEY, inferenceKey: TEST_INFERENCE_KEY, live, laneEvents, ledger };
  deps.stripe = createStripeGateway(config);
  // Not started either: a test runs the clip jobs with `deps.clips.worker.drain()`.
  deps.clips = await createClips({
    config,
    sql: db.sql,
    kv,
    sfu,
    urlKey: config.CLIP_URL_KEY!,
    live,
    worker: { log: () => {}, retryDelayMs: () => 0 },
  });
  deps.metrics = createServerMetrics();
  deps.sfuServiceKey = TEST_SFU_SERVICE_KEY;
  deps.sfuHosts = createSfuHosts({ sql: db.sql, ttlMs: config.SFU_HOST_TTL_MS, probe: () => Promise.resolve(true) });
  // Not started either: a test runs the analyses with `deps.analyze.worker.drain()`.
  const analyzeDir = await Deno.makeTempDir({ prefix: "lanecast-test-analyze-" });
  deps.analyze = await createAnalyze({
    config: { ...config, ANALYZE_DIR: analyzeDir },
    kv,
    sql: db.sql,
    live,
    log: () => {},
  });
  // Not started: a test runs what the outbox holds with `outbox.drain()`.
  const outbox = createServerOutbox(deps);
  deps.outbox = outbox;
  const app = createApp(deps);
  let markets: MarketsEngine | undefined;
  return {
    app,
    deps,
    sfu,
    outbox,
    /** A user of `role` (made on first use) and a valid access token for them. */
    async as(role: Role, name: string = role) {
      const email = `${name}@test.lanecast`;
      const [user] = await db.sql<{ id: string }[]>`
        insert into users (email, display_name, role, password_hash)
        values (${email}, ${name}, ${role}, 'test-only-no-password')
        on conflict (lower(email)) do update set role = excluded.role
        returning id`;
      await standingOf(deps).forget(user.id);
      const token = await signAccessToken(keys, { sub: user.id, email, role }, 900);
      return { id: user.id, email, role, token, headers: { authorization: `Bearer ${token}` } };
    },
    /** Starts the markets engine (opening on rack-ready and sheets, suspending on approach); `close()` stops it. */
    startMarkets(): MarketsEngine {
      return markets ??= startMarketsEngine(deps);
    },
    async close() {
      await markets?.stop();
      kv.close();
      await db.close();
      await Deno.remove(clipDir, { recursive: true }).catch(() => {});
      await Deno.remove(analyzeDir, { recursive: true }).catch(() => {});
    },
  };
}
