/**
 * The clips service the server holds: the store chosen by the config (S3
 * when S3_BUCKET is set, else the local folder CLIP_DIR), the KV job worker,
 * and the view of a clip as the API shows it (fresh signed URLs each time).
 * @module
 */
import { PENDING_CLIP, type ShotClip } from "../../core/clips.ts";
import type { ServerConfig } from "../config.ts";
import type { Sql } from "../db.ts";
import type { SfuClient } from "../sfu_client.ts";
import type { Shot } from "../../core/shot_report.ts";
import type { LiveHub } from "../live/hub.ts";
import { type Clip, getClip } from "./repo.ts";
import { shotClipWindow } from "./shot_clip_topic.ts";
import { createS3Store } from "./s3_store.ts";
import { type ClipStore, createLocalStore } from "./store.ts";
import { createUrlSigner } from "./url_signer.ts";
import { type ClipWorker, type ClipWorkerOptions, createClipWorker } from "./worker.ts";

export interface Clips {
  store: ClipStore;
  /** Origins other than this site that serve clip files (the S3 store's), for the CSP. */
  mediaOrigins: string[];
  worker: ClipWorker;
  /** The window of a shot's clip (REPLAY_PRE_MS, REPLAY_POST_MS, at most REPLAY_MAX_CLIP_S). */
  shotWindow(shot: Pick<Shot, "events">): { fromMs: number; toMs: number };
  /** Longest clip window, ms (REPLAY_MAX_CLIP_S). */
  maxClipMs: number;
  /** The clip as the API shows it (null clip: none yet, pending). */
  view(clip: Clip | null): Promise<ShotClip>;
  /** Stops the worker and lets go of the store. */
  close(): Promise<void>;
}

export type ClipsConfig = Pick<
  ServerConfig,
  | "DATA_DIR"
  | "CLIP_DIR"
  | "CLIP_URL_TTL_S"
  | "CLIP_JOB_MAX_ATTEMPTS"
  | "CLIP_POLL_MS"
  | "S3_BUCKET"
  | "S3_REGION"
  | "S3_ENDPOINT"
  | "S3_FORCE_PATH_STYLE"
  | "PUBLIC_URL"
  | "REPLAY_PRE_MS"
  | "REPLAY_POST_MS"
  | "REPLAY_MAX_CLIP_S"
>;

export interface ClipsOptions {
  config: ClipsConfig;
  sql: Sql;
  kv: Deno.Kv;
  sfu: Pick<SfuClient, "cutClip">;
  /** Key of the local store's URL signatures (CLIP_URL_KEY or one kept in DATA_DIR). */
  urlKey: string;
  /** Overrides of the worker's options (tests: poster, clock, hooks). */
  worker?: Partial<ClipWorkerOptions>;
  /** A store to use instead of the configured one (tests). */
  store?: ClipStore;
  /** Lanes' live feeds: a clip made ready is published there as `clip`. */
  live?: Pick<LiveHub, "publish">;
}

export async function createClips(options: ClipsOptions): Promise<Clips> {
  const { config } = options;
  const store = options.store ?? (config.S3_BUCKET
    ? createS3Store({
      bucket: config.S3_BUCKET,
      region: config.S3_REGION,
      endpoint: config.S3_ENDPOINT,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    })
    : createLocalStore({
      dir: config.CLIP_DIR ?? `${config.DATA_DIR}/clips`,
      signer: await createUrlSigner(options.urlKey),
      baseUrl: config.PUBLIC_URL ?? "",
    }));
  const margins = { preMs: config.REPLAY_PRE_MS, postMs: config.REPLAY_POST_MS };
  const maxClipMs = config.REPLAY_MAX_CLIP_S * 1000;
  const view = async (clip: Clip | null): Promise<ShotClip> => {
    if (!clip) return { ...PENDING_CLIP };
    const ready = clip.state === "ready" && clip.videoKey && clip.posterKey;
    return {
      state: clip.state,
      url: ready ? await store.signedUrl(clip.videoKey!, config.CLIP_URL_TTL_S) : null,
      posterUrl: ready ? await store.signedUrl(clip.posterKey!, config.CLIP_URL_TTL_S) : null,
      durationMs: ready ? clip.durationMs : null,
      kept: clip.kept,
    };
  };
  /** Tells the clip's lane that its clip is ready: `clip` {clipId, shotId, clip}. */
  const publishReady = async (clipId: string) => {
    const clip = await getClip(options.sql, clipId);
    if (!clip || !options.live) return;
    options.live.publish(clip.laneId, {
      type: "clip",
      data: { clipId: clip.id, shotId: clip.shotId, clip: await view(clip) },
    });
  };
  const worker = createClipWorker({
    onReady: publishReady,
    sql: options.sql,
    kv: options.kv,
    sfu: options.sfu,
    store,
    maxAttempts: config.CLIP_JOB_MAX_ATTEMPTS,
    pollMs: config.CLIP_POLL_MS,
    ...options.worker,
  });
  // The exact origin the store's signed URLs point at (none other than this site's for a local store).
  const probe = new URL(
    await store.signedUrl(`${crypto.randomUUID()}.jpg`, 60),
    "http://self.invalid",
  );
  const mediaOrigins = probe.origin === "http://self.invalid" ? [] : [probe.origin];
  return {
    store,
    mediaOrigins,
    worker,
    shotWindow: (shot) => shotClipWindow(shot, margins, maxClipMs),
    maxClipMs,
    async close() {
      await worker.stop();
      store.close?.();
    },
    view,
  };
}
