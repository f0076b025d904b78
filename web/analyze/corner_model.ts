/**
 * The four lane corners a person clicks on an upload's first frame
 * (core/lane_corners.ts: foul line left and right, then the pin deck's right
 * and left ends), as fractions of the frame. Clicks or the keyboard (arrows
 * move a cursor, Enter places) add corners in order; undo and clear take
 * them back. Once four are in, they are checked as the server checks them
 * and, when they make a lane, fitted for the overlay.
 */
import { computed, signal } from "@preact/signals";
import { type CalibrationFit, fitCalibration } from "../../core/calibration.ts";
import { DomainError } from "../../core/errors.ts";
import { calibrationFromCorners, CORNER_SPOTS, type LaneCorner } from "../../core/lane_corners.ts";

/** The first frame of the chosen video, drawn on a canvas. */
export interface FirstFrame {
  image: CanvasImageSource;
  width: number;
  height: number;
}

export type CornerCheck =
  | { kind: "incomplete"; next: string; placed: number }
  | { kind: "lane"; fit: CalibrationFit }
  | { kind: "invalid"; message: string };

/** How far one arrow-key press moves the cursor (fraction of the frame); Shift moves ten times more. */
const STEP = 0.005;

export class CornerModel {
  readonly frame = signal<FirstFrame | null>(null);
  readonly corners = signal<LaneCorner[]>([]);
  /** The keyboard's cursor. */
  readonly cursor = signal<LaneCorner>({ x: 0.5, y: 0.5 });
  /** Whether the frame has the keyboard's focus (its cursor is drawn then). */
  readonly keyboard = signal(false);

  readonly check = computed((): CornerCheck => {
    const corners = this.corners.value;
    const frame = this.frame.value;
    if (corners.length < 4 || !frame) {
      return {
        kind: "incomplete",
        next: CORNER_SPOTS[Math.min(corners.length, 3)].name,
        placed: corners.length,
      };
    }
    try {
      const points = calibrationFromCorners(corners, frame.width, frame.height);
      return { kind: "lane", fit: fitCalibration(points) };
    } catch (err) {
      if (err instanceof DomainError) return { kind: "invalid", message: err.message };
      throw err;
    }
  });

  /** Places the next corner at (x, y), fractions of the frame (ignored once four are in). */
  place(x: number, y: number): void {
    if (this.corners.value.length >= 4) return;
    const clamp = (v: number) => Math.min(1, Math.max(0, v));
    this.corners.value = [...this.corners.value, { x: clamp(x), y: clamp(y) }];
  }

  undo(): void {
    this.corners.value = this.corners.value.slice(0, -1);
  }

  clear(): void {
    this.corners.value = [];
  }

  /** A new video: its frame (or null when the browser cannot decode it), no corners. */
  reset(frame: FirstFrame | null): void {
    this.frame.value = frame;
    this.corners.value = [];
    this.cursor.value = { x: 0.5, y: 0.5 };
  }

  /** Keyboard: arrows move the cursor, Enter or Space places a corner there, Backspace undoes. */
  key(key: string, shift: boolean): boolean {
    const d = STEP * (shift ? 10 : 1);
    const { x, y } = this.cursor.value;
    const move = (dx: number, dy: number) => {
      this.cursor.value = {
        x: Math.min(1, Math.max(0, x + dx)),
        y: Math.min(1, Math.max(0, y + dy)),
      };
    };
    if (key === "ArrowLeft") move(-d, 0);
    else if (key === "ArrowRight") move(d, 0);
    else if (key === "ArrowUp") move(0, -d);
    else if (key === "ArrowDown") move(0, d);
    else if (key === "Enter" || key === " ") this.place(x, y);
    else if (key === "Backspace") this.undo();
    else return false;
    return true;
  }

  /** The `corners` form field when four make a lane, else null (the upload goes without). */
  field(): string | null {
    return this.check.value.kind === "lane" ? JSON.stringify(this.corners.value) : null;
  }
}

/**
 * Decodes the first frame of `file` in the browser (a muted `<video>` drawn
 * on a canvas), or null when it cannot (AVI, a damaged file) within `timeoutMs`.
 */
export function decodeFirstFrame(file: File, timeoutMs = 8_000): Promise<FirstFrame | null> {
  const url = URL.createObjectURL(file);
  const video = document.createElement("video");
  video.muted = true;
  video.playsInline = true;
  video.preload = "auto";
  return new Promise<FirstFrame | null>((resolve) => {
    const done = (frame: FirstFrame | null) => {
      clearTimeout(timer);
      video.removeAttribute("src");
      video.load();
      URL.revokeObjectURL(url);
      resolve(frame);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    video.addEventListener("error", () => done(null), { once: true });
    video.addEventListener("loadeddata", () => {
      const { videoWidth: width, videoHeight: height } = video;
      if (!width || !height) return done(null);
      const canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      canvas.getContext("2d")?.drawImage(video, 0, 0, width, height);
      done({ image: canvas, width, height });
    }, { once: true });
    video.src = url;
  });
}
