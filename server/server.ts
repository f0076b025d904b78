/**
 * Builds the server's parts from its config: database (PGlite or
 * PostgreSQL) with migrations, Deno KV, signing keys, the camera key, the
 * default lanes, the outbox consumer and the markets' finalizer (unless
 * OUTBOX_CONSUMER is off), the keeper of the simulated lanes' sessions
 * (unless SIM_SESSIONS is off), Stripe and its reconciliation job (when
 * STRIPE_SECRET_KEY is set), and the app.
 */
import type { ServerConfig } from "./config.ts";
import type { AppDeps } from "./context.ts";
import { createApp } from "./app.ts";
import { createLiveHub } from "./live/hub.ts";
import { laneEventsFor } from "./live/lane_events.ts";
import { createDb } from "./db.ts";
import { createLedger } from "./ledger/ledger.ts";
import { startMarketsEngine } from "./markets/engine.ts";
import { createKeyStore } from "./shared_keys.ts";
import { createJobLock } from "./jobs/job_lock.ts";
import { openKv } from "./kv.ts";
import { createPgKv } from "./kv_pg.ts";
import { createPgLiveHub } from "./live/pg_hub.ts";
import { startCameraSync } from "./lanes/camera_sync.ts";
import { ensureDefaultLanes } from "./lanes/repo.ts";
import { ensureAdmin } from "./users/bootstrap.ts";
import { createStanding } from "./auth/standing.ts";
import { migrate } from "./migrate.ts";
import { makePrivateDir } from "./private_dir.ts";
import { createSfuClient } from "./sfu_client.ts";
import { createServerOutbox } from "./outbox/topics.ts";
import { createServerMetrics } from "./metrics/metrics.ts";
import { createSimKeeper } from "./sessions/sim_keeper.ts";
import { createOpenPlayKeeper } from "./sessions/open_play_keeper.ts";
import { startFinalizer } from "./markets/finalize.ts";
import { startInstantReplays } from "./replays/instant_replays.ts";
import { createClips } from "./clips/service.ts";
import { startClipRetention } from "./clips/retention.ts";
import { createStripeGateway } from "./payments/stripe/client.ts";
import { createReconcileJob } from "./payments/stripe/reconcile_job.ts";
import { createAnalyze } from "./analyze/service.ts";

export interface LanecastServer {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  close(): Promise<void>;
}

export async function createServer(config: Readonly<ServerConfig>): Promise<LanecastServer> {
  const inMemory = config.DATA_DIR === "memory://";
  await makePrivateDir(config.DATA_DIR);
  if (!inMemory && !config.DATABASE_URL) await makePrivateDir(`${config.DATA_DIR}/pglite`);
  const db = await createDb({
    databaseUrl: config.DATABASE_URL,
    dataDir: inMemory ? "memory://" : `${config.DATA_DIR}/pglite`,
  });
  try {
    const applied = await migrate(db.sql);
    if (applied.length) console.log(`server: applied migrations ${applied.map((m) => m.name).join(", ")}`);
    const created = await ensureDefaultLanes(db.sql, { lanes: config.LANES, simLanes: config.SIM_LANES });
    if (created.length) console.log(`server: created ${created.length} lanes`);
    // KV_PATH=postgres: every instance on this database shares throttles, tickets, queues.
    const kv = config.KV_PATH === "postgres"
      ? createPgKv(db.sql)
      : await openKv(config.KV_PATH ?? `${config.DATA_DIR}/lanecast.kv`);
    if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
      const standing = createStanding({ sql: db.sql, kv });
      const admin = await ensureAdmin(db.sql, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD }, standing)
        .catch((err) => {
          kv.close();
          throw err;
        });
      console.log(`server: admin "${config.ADMIN_EMAIL}" ${admin}`);
    }
    const keyStore = createKeyStore({ sql: db.sql, dataDir: config.DATA_DIR, shared: config.SHARED_KEYS });
    const keys = await keyStore.signingKeys();
    const cameraKey = config.CAMERA_KEY ?? await keyStore.secret("camera_key");
    const inferenceKey = config.INFERENCE_KEY ?? await keyStore.secret("inference_key");
    const sfuServiceKey = config.SFU_SERVICE_KEY ?? await keyStore.secret("sfu_service_key");
    const sfu = createSfuClient(config.SFU_URL, { serviceKey: sfuServiceKey });
    if (config.LIVE_BUS === "postgres" && db.kind === "pglite") console.log("server: LIVE_BUS=postgres needs DATABASE_URL; live updates stay in this process");
    // Keepers and sweeps run one pass at a time across every instance on this database.
    const jobLock = createJobLock(db);
    const live = config.LIVE_BUS === "postgres" && db.kind === "postgres"
      ? await createPgLiveHub({ sql: db.sql })
      : createLiveHub();
    const laneEvents = laneEventsFor({ kv, live, sql: db.sql });
    const ledger = createLedger({ currency: config.CURRENCY });
    const metrics = createServerMetrics();
    const deps: AppDeps = { config, db, kv, keys, sfu, cameraKey, inferenceKey, live, laneEvents, ledger, metrics };
    const cameras = startCameraSync({ sql: db.sql, sfu: deps.sfu, keys, intervalMs: config.CAMERA_SYNC_MS });
    deps.cameras = cameras;
    const clipUrlKey = config.CLIP_URL_KEY ?? await keyStore.secret("clip_url_key");
    const clipConfig = inMemory && !config.CLIP_DIR
      ? { ...config, CLIP_DIR: await Deno.makeTempDir({ prefix: "lanecast-clips-" }) }
      : config;
    const clips = await createClips({ config: clipConfig, sql: db.sql, kv, sfu, urlKey: clipUrlKey, live });
    deps.clips = clips;
    if (config.OUTBOX_CONSUMER) clips.worker.start();
    const retention = config.OUTBOX_CONSUMER
      ? startClipRetention({ sql: db.sql, clips, days: config.CLIP_RETENTION_DAYS })
      : undefined;
    // Before the outbox: approved withdrawals pay out through Stripe when it is configured.
    deps.stripe = createStripeGateway(config);
    const outbox = config.OUTBOX_CONSUMER ? createServerOutbox(deps) : undefined;
    outbox?.start();
    deps.outbox = outbox;
    const reconcile = deps.stripe && config.OUTBOX_CONSUMER
      ? createReconcileJob(
        { sql: db.sql, ledger, stripe: deps.stripe },
        { kv, intervalS: config.RECONCILE_INTERVAL_S },
      )
      : undefined;
    reconcile?.start();
    const analyzeConfig = inMemory && !config.ANALYZE_DIR
      ? { ...config, ANALYZE_DIR: await Deno.makeTempDir({ prefix: "lanecast-analyze-" }) }
      : config;
    deps.analyze = await createAnalyze({ config: analyzeConfig, kv, sql: db.sql, live });
    // Uploads are taken by every instance; the one that consumes the outbox runs the analyses.
    if (config.OUTBOX_CONSUMER) await deps.analyze.worker.start();
    const markets = startMarketsEngine(deps);
    const replays = startInstantReplays({
      events: laneEvents,
      sfu,
      live,
      margins: { preMs: config.REPLAY_PRE_MS, postMs: config.REPLAY_POST_MS },
      maxMs: config.REPLAY_MAX_CLIP_S * 1000,
      speed: config.REPLAY_HALF_SPEED ? 0.5 : 1,
    });
    const finalizer = config.OUTBOX_CONSUMER
      ? startFinalizer({ sql: db.sql, live, windowS: config.DISPUTE_WINDOW_S, lock: jobLock })
      : undefined;
    const simKeeper = config.SIM_SESSIONS ? createSimKeeper({ sql: db.sql, deps, lock: jobLock }) : undefined;
    simKeeper?.start();
    const openPlay = config.OPEN_PLAY
      ? createOpenPlayKeeper({
        sql: db.sql,
        deps,
        liveLanes: async () => {
          const lanes = await sfu.lanes();
          return lanes && new Set([...lanes.values()].filter((l) => l.live).map((l) => l.id));
        },
        scope: { simSessions: config.SIM_SESSIONS },
        lock: jobLock,
      })
      : undefined;
    openPlay?.start();
    return {
      app: createApp(deps),
      deps,
      async close() {
        live.close();
        cameras.stop();
        replays.stop();
        await simKeeper?.stop();
        await openPlay?.stop();
        await markets.stop();
        await outbox?.stop();
        await finalizer?.stop();
        await retention?.stop();
        await reconcile?.stop();
        await deps.analyze?.worker.stop();
        await clips.close();
        kv.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
