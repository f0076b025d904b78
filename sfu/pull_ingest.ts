/**
 * Pulled cameras: for a lane whose source is an RTSP or HTTP camera URL, the
 * SFU runs ffmpeg to pull it and send RTP into the lane. Only the server asks
 * for this (the `lane:ingest` right), and the URL must pass the camera rules
 * here too, its host name resolved and checked before every start (see
 * camera_source.ts). ffmpeg is restarted when it exits (at once, then with
 * backoff), and the lane is re-created when its worker dies, so a pulled lane
 * comes back by itself.
 */
import { retryDelay } from "../core/backoff.ts";
import { type CameraNetPolicy, redactCameraUrl, redactUrlsIn } from "../core/camera_url.ts";
import {
  checkCameraHost,
  checkCameraUrl,
  FFMPEG_SPAWN,
  ffmpegInputArgs,
  type Resolve,
  systemResolve,
} from "./camera_source.ts";
import { ffmpegRtpOutputArgs, type IngestCodec, startRtpIngest } from "./rtp_ingest.ts";
import type { LaneRooms } from "./lane_rooms.ts";

export interface PullSource {
  url: string;
  /** "VP8" re-encodes for low latency (default); "H264" relays an H.264 camera without transcoding. */
  codec: IngestCodec;
}

interface Puller {
  source: PullSource;
  child?: Deno.ChildProcess;
  stopped: boolean;
  restarts: number;
}

export interface PullIngestsOptions {
  /** The ffmpeg binary (`FFMPEG_BIN`). */
  ffmpeg?: string;
  /** Where cameras may be (`CAMERA_ALLOWED_NETS`). */
  cameraNets: CameraNetPolicy;
  /** Host name lookup; the system's getaddrinfo, as ffmpeg's, by default. */
  resolve?: Resolve;
}

export class PullIngests {
  #pullers = new Map<string, Puller>();
  readonly ffmpeg: string;
  readonly #nets: CameraNetPolicy;
  readonly #resolve: Resolve;

  constructor(readonly rooms: LaneRooms, options: PullIngestsOptions) {
    this.ffmpeg = options.ffmpeg ?? "ffmpeg";
    this.#nets = options.cameraNets;
    this.#resolve = options.resolve ?? systemResolve;
  }

  list(): {
    lane: string;
    url: string;
    codec: IngestCodec;
    running: boolean;
    pid: number | null;
    restarts: number;
  }[] {
    return [...this.#pullers.entries()].map(([lane, p]) => ({
      lane,
      url: redactCameraUrl(p.source.url),
      codec: p.source.codec,
      running: !!p.child,
      pid: p.child?.pid ?? null,
      restarts: p.restarts,
    }));
  }

  /**
   * Starts (or restarts with a new source) pulling `source` into `lane`;
   * throws `camera_url_invalid` or `camera_host_forbidden` for a URL the
   * camera rules refuse (a name that does not resolve yet is tried later).
   */
  async set(lane: string, source: PullSource): Promise<void> {
    checkCameraUrl(source.url, this.#nets);
    await checkCameraHost(source.url, this.#nets, this.#resolve);
    const existing = this.#pullers.get(lane);
    if (existing && existing.source.url === source.url && existing.source.codec === source.codec) {
      return;
    }
    this.remove(lane);
    const puller: Puller = { source, stopped: false, restarts: 0 };
    this.#pullers.set(lane, puller);
    this.#run(lane, puller);
  }

  remove(lane: string): void {
    const p = this.#pullers.get(lane);
    if (!p) return;
    p.stopped = true;
    this.#pullers.delete(lane);
    try {
      p.child?.kill("SIGTERM");
    } catch { /* already gone */ }
  }

  closeAll(): void {
    for (const lane of [...this.#pullers.keys()]) this.remove(lane);
  }

  async #run(lane: string, p: Puller): Promise<void> {
    let attempt = 0;
    while (!p.stopped) {
      const started = Date.now();
      try {
        // Checked again at every start: the name may point elsewhere by now.
        if (!await checkCameraHost(p.source.url, this.#nets, this.#resolve)) {
          throw new Error(`cannot resolve the host of ${redactCameraUrl(p.source.url)}`);
        }
        const room = await this.rooms.getOrCreate(lane);
        const ingest = await startRtpIngest(room, p.source.codec, "pull");
        const args = [
          "-hide_banner",
          "-loglevel",
          "error",
          "-nostdin",
          ...ffmpegInputArgs(p.source.url),
          ...ffmpegRtpOutputArgs(ingest, { copy: p.source.codec === "H264" }),
        ];
        p.child = new Deno.Command(this.ffmpeg, {
          ...FFMPEG_SPAWN,
          args,
          stdin: "null",
          stdout: "null",
          stderr: "piped",
        }).spawn();
        // When the lane closes (worker died, replaced by another publisher) stop ffmpeg; the loop restarts it.
        ingest.link.onClose(() => {
          try {
            p.child?.kill("SIGTERM");
          } catch { /* gone */ }
        });
        const { code, stderr } = await p.child.output();
        p.child = undefined;
        ingest.link.close("ffmpeg exited");
        if (!p.stopped) {
          // ffmpeg names the URL it failed on, credentials and all.
          const msg = redactUrlsIn(
            new TextDecoder().decode(stderr).trim().split("\n").slice(-2).join(" | "),
          );
          console.warn(
            `lane ${lane}: camera puller exited (${code})${msg ? `: ${msg}` : ""}; restarting`,
          );
        }
      } catch (err) {
        p.child = undefined;
        if (!p.stopped) {
          console.warn(`lane ${lane}: camera puller failed: ${(err as Error).message}`);
        }
      }
      if (p.stopped) break;
      p.restarts++;
      // The first restart at once (the lane may just have moved off a dead worker), then backoff.
      if (Date.now() - started > 10_000) attempt = 0;
      const delay = retryDelay(++attempt, { baseMs: 500, maxMs: 10_000, jitter: 0 });
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
