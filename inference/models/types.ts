/**
 * The contract between the sidecar (intake, tracking, events) and its models.
 * Models take frames as they come out of the WebRTC sink and answer in image
 * pixels; geometry (image → lane feet/boards) is the caller's business.
 */

/** One decoded video frame (I420, as `RTCVideoSink` yields it) with its capture time. */
export interface Frame {
  laneId: string;
  width: number;
  height: number;
  /** I420 planes: Y (width×height), then U and V (each ⌈w/2⌉×⌈h/2⌉). */
  data: Uint8Array;
  /** Capture time in ms (the publisher's clock, read from the stamp or RTP). */
  captureTimeMs: number;
  /** Frame counter within the lane's track. */
  seq: number;
}

/** An axis-aligned region of the image in pixels. */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A ball candidate: centre and radius in image pixels. */
export interface BallDetection {
  x: number;
  y: number;
  radius: number;
  confidence: number;
  /** Share of the ball that shows (0…1), when the detector tells: a half-hidden ball's centre is less sure. */
  visible?: number;
}

/** Finds the ball in each frame (within the lane region, when given). */
export interface BallDetector {
  /** e.g. "ball-cnn@2026-11-21+sha256:ab12…" — carried on every event. */
  readonly version: string;
  detect(items: { frame: Frame; region?: Region }[]): Promise<BallDetection[][]>;
}

/** A pin spot in the image: centre of the pin's base and its apparent size. */
export interface PinSpot {
  x: number;
  y: number;
  /** Pixels per foot at that spot (sets the crop size). */
  scale: number;
}

export interface PinStateResult {
  /** Bit i set = pin i+1 standing (pin 1 = bit 0). */
  standing: number;
  /** P(standing) for pins 1..10. */
  probabilities: Float32Array;
  /** min over pins of max(p, 1−p): how sure the whole 10-pin state is. */
  confidence: number;
}

/** Reads which of the ten pins stand, from frames taken after the pins settled. */
export interface PinClassifier {
  readonly version: string;
  /**
   * `standingBefore` (optional, bit i = pin i+1): pins that did not stand before the shot are
   * reported down with probability 0.
   */
  classify(
    items: { frame: Frame; spots: PinSpot[]; standingBefore?: number }[],
  ): Promise<PinStateResult[]>;
}

/** Tells from the foul-line window of frames after the release whether the slide foot crossed the line. */
export interface FoulClassifier {
  readonly version: string;
  /** Bytes one crop takes. */
  readonly cropBytes: number;
  /** Cuts the foul-line region out of a frame into `out` (the model's input layout, as bytes). */
  crop(frame: Frame, region: Region, out: Uint8Array): void;
  /** P(foul) for each crop. */
  classify(crops: readonly Uint8Array[]): Promise<number[]>;
}
