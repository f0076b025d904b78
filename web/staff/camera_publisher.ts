/**
 * A phone (or any browser) as a lane camera: opens the camera once, publishes
 * it to the lane over WHIP with a staff-issued publish token, and keeps it on
 * air. When the network drops, the peer connection fails or the SFU says
 * `reconnect` on the link's event stream, it publishes again with a fresh
 * token: the first retry at once, later ones after a growing backoff
 * (media/reconnect_loop.ts over core/backoff.ts), cut short when the browser
 * says the network is back. Problems that another try
 * cannot fix (no staff role, lane gone, camera refused, another camera took
 * the lane) stop it and say why. The screen is kept awake while it runs.
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";
import { type Link, type LinkState, ReconnectLoop } from "../../media/reconnect_loop.ts";
import {
  CAMERA_ENDED_WORDS,
  describeCameraError,
  isPermanent,
  TAKEN_OVER_REASON,
  TAKEN_OVER_WORDS,
} from "./camera_messages.ts";
import type { WakeLockHolder } from "./wake_lock.ts";

export type CameraStatus = "idle" | "starting" | "live" | "reconnecting" | "failed";

export const CAMERA_STATUS_LABELS: Readonly<Record<CameraStatus, string>> = Object.freeze({
  idle: "Off air",
  starting: "Connecting…",
  live: "On air",
  reconnecting: "Reconnecting…",
  failed: "Off air",
});

/** Rear camera, 720p at 30 fps where the device has it. */
export const CAMERA_CONSTRAINTS: MediaStreamConstraints = Object.freeze({
  audio: false,
  video: {
    facingMode: { ideal: "environment" },
    width: { ideal: 1280 },
    height: { ideal: 720 },
    frameRate: { ideal: 30 },
  },
});

/** What `POST /api/lanes/{id}/publish` answers (the part the camera uses). */
export interface PublishGrant {
  token: string;
  whipUrl: string;
}

/** One publish of the camera's track; `ended` settles when it breaks. */
export interface CameraLink extends Link {
  /** The SFU's reason when it closed the link itself (`replaced by a new publisher`). */
  reason(): string | undefined;
}

export interface CameraPublisherOptions {
  /** A fresh publish token for the lane, for each (re)connection. */
  grant: (laneId: string) => Promise<PublishGrant>;
  /** Default: `getUserMedia(CAMERA_CONSTRAINTS)`. */
  openCamera?: () => Promise<MediaStream>;
  /** Publishes `track` over WHIP once. Default: web/staff/whip_link.ts `publishTrack`. */
  publish: (track: MediaStreamTrack, grant: PublishGrant) => Promise<CameraLink>;
  wakeLock?: WakeLockHolder;
  /** Backoff before the second retry (the first goes at once), doubling. Default: 500 ms. */
  firstBackoffMs?: number;
  /** Longest wait between tries. Default: 10000 ms. */
  maxBackoffMs?: number;
  /** Waits between tries (tests record the delays). Default: {@linkcode waitOrOnline}. */
  sleep?: (ms: number) => Promise<void>;
}

export class CameraPublisher {
  readonly status = signal<CameraStatus>("idle");
  readonly statusLabel: ReadonlySignal<string> = computed(() =>
    CAMERA_STATUS_LABELS[this.status.value]
  );
  /** The lane on air (or trying to be). */
  readonly laneId = signal<string | null>(null);
  /** The camera's picture, for the preview, while running. */
  readonly stream = signal<MediaStream | null>(null);
  /** Why it is reconnecting or stopped, in plain words. */
  readonly problem = signal<string | null>(null);
  /** Failed or broken tries since it was last on air. */
  readonly attempt = signal(0);
  /** Times it got on air since Start. */
  readonly connects = signal(0);

  #options: CameraPublisherOptions;
  #loop: ReconnectLoop | undefined;
  #run = 0;

  constructor(options: CameraPublisherOptions) {
    this.#options = options;
  }

  get running(): boolean {
    return this.status.value !== "idle" && this.status.value !== "failed";
  }

  /** Opens the camera and goes on air on `laneId`. */
  async start(laneId: string): Promise<void> {
    if (this.running) await this.stop();
    const run = ++this.#run;
    this.laneId.value = laneId;
    this.problem.value = null;
    this.attempt.value = 0;
    this.connects.value = 0;
    this.status.value = "starting";
    let stream: MediaStream;
    try {
      stream = await (this.#options.openCamera ?? openRearCamera)();
    } catch (error) {
      if (run === this.#run) this.#fail(describeCameraError(error));
      return;
    }
    if (run !== this.#run) return stream.getTracks().forEach((t) => t.stop());
    const [track] = stream.getVideoTracks();
    this.stream.value = stream;
    track.addEventListener("ended", () => run === this.#run && this.#halt(CAMERA_ENDED_WORDS));
    this.#options.wakeLock?.hold();
    this.#loop = new ReconnectLoop({
      connect: () => this.#connect(run, laneId, track),
      onState: (state, detail) => run === this.#run && this.#onState(state, detail),
      firstBackoffMs: this.#options.firstBackoffMs ?? 500,
      maxBackoffMs: this.#options.maxBackoffMs ?? 10_000,
      sleep: this.#options.sleep ?? waitOrOnline,
    });
  }

  /** Goes off air and lets the camera go. */
  async stop(): Promise<void> {
    this.#run++;
    await this.#release();
    this.status.value = "idle";
    this.problem.value = null;
    this.attempt.value = 0;
  }

  async #connect(run: number, laneId: string, track: MediaStreamTrack): Promise<Link> {
    let link: CameraLink;
    try {
      link = await this.#options.publish(track, await this.#options.grant(laneId));
    } catch (error) {
      this.attempt.value++;
      this.problem.value = describeCameraError(error);
      if (isPermanent(error) && run === this.#run) this.#halt(this.problem.value);
      throw error;
    }
    // The SFU closing the link because another camera took the lane: do not fight it.
    const ended = link.ended.then(() => {
      if (run !== this.#run) return;
      if (link.reason() === TAKEN_OVER_REASON) this.#halt(TAKEN_OVER_WORDS);
      else this.attempt.value++;
    });
    return { ended, end: () => link.end(), close: () => link.close() };
  }

  #onState(state: LinkState, detail?: string): void {
    if (state === "live") {
      this.status.value = "live";
      this.problem.value = null;
      this.attempt.value = 0;
      this.connects.value++;
    } else if (state === "reconnecting") {
      this.status.value = "reconnecting";
      this.problem.value ??= detail ? "The connection to the video server dropped" : null;
    }
  }

  /** Stops for good from inside the loop, saying why. */
  #halt(words: string): void {
    this.#run++;
    this.#fail(words);
    void this.#release();
  }

  #fail(words: string): void {
    this.status.value = "failed";
    this.problem.value = words;
  }

  async #release(): Promise<void> {
    const loop = this.#loop;
    this.#loop = undefined;
    this.stream.value?.getTracks().forEach((t) => t.stop());
    this.stream.value = null;
    this.#options.wakeLock?.release();
    await loop?.stop();
  }
}

/** The rear camera at 720p30 where there is one, else whichever camera the browser gives. */
export function openRearCamera(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    return Promise.reject(new DOMException("No camera API", "SecurityError"));
  }
  return navigator.mediaDevices.getUserMedia(CAMERA_CONSTRAINTS);
}

/** Waits `ms`, or less when the browser says the network is back (no point waiting longer). */
export function waitOrOnline(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      removeEventListener("online", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    addEventListener("online", done);
  });
}
