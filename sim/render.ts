/**
 * The simulated lane camera. `createLaneSim()` renders the static hall once,
 * then each `renderFrame()` copies it, draws what moves (pins, ball, sweep
 * bar, bowler), and applies the slow lighting drift and sensor noise in one
 * pass. Same seed and frame index → identical bytes.
 *
 * @example
 * ```ts
 * const sim = createLaneSim({ seed: 7, width: 640, height: 360 });
 * const frame = new Uint8Array(sim.frameSize);
 * sim.renderFrame(120, frame); // I420: Y, then U, then V
 * ```
 */
import { defaultSimCalibration, type LaneCalibration } from "../core/lane_geometry.ts";
import { createPrng, hash32 } from "../core/prng.ts";
import { drawBall } from "./ball_sprite.ts";
import { type Background, MASK_FT, renderBackground } from "./background.ts";
import { drawBowler } from "./bowler_sprite.ts";
import type { ShotTruth } from "./ground_truth.ts";
import { drawPin } from "./pin_sprite.ts";
import { type Frame420, frameViews, i420Size } from "./raster.ts";
import { sceneAt } from "./scene.ts";
import { ShotSequence } from "./shot_sequence.ts";
import type { BallSlot } from "./frame_logic.ts";
import { drawSweepBar } from "./sweep_sprite.ts";

export interface LaneSimOptions {
  seed: number;
  width: number;
  height: number;
  fps?: number;
  /** Lane number written into the ground truth. */
  lane?: number;
  /** Sensor noise amplitude in luma steps (0 turns it off). */
  noise?: number;
  /** Picks each new shot's slot (see ShotSequenceOptions). */
  steer?: (planned: BallSlot) => BallSlot;
}

export type SimEventKind = "approach" | "release" | "arrows" | "impact" | "settled";

export interface SimEvent {
  kind: SimEventKind;
  frame: number;
  shot: ShotTruth;
}

export interface LaneSim {
  readonly seed: number;
  readonly lane: number;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  /** Bytes in one I420 frame. */
  readonly frameSize: number;
  readonly calibration: LaneCalibration;
  /** Writes frame `frameIndex` (I420) into `out`. */
  renderFrame(frameIndex: number, out: Uint8Array): void;
  /** Ground truth of every shot started by `frameIndex` (the last may be in progress). */
  shotsUpTo(frameIndex: number): ShotTruth[];
  /** Ground truth of the shot in progress at `frameIndex`. */
  shotAt(frameIndex: number): ShotTruth;
  /** Shot events whose frame lies in [fromFrame, toFrame). */
  eventsBetween(fromFrame: number, toFrame: number): SimEvent[];
}

const NOISE_TABLE_PAD = 8192;

export function createLaneSim(options: LaneSimOptions): LaneSim {
  const { seed, width, height, fps = 30, lane = 1, noise = 3 } = options;
  if (width % 2 || height % 2 || width < 16 || height < 16) {
    throw new RangeError(
      `Cannot render a ${width}x${height} frame: sizes must be even and at least 16`,
    );
  }
  const calibration = defaultSimCalibration(width, height);
  const cam = calibration.camera;
  const bg: Background = renderBackground(seed, cam);
  const shots = new ShotSequence({ seed, lane, fps, steer: options.steer });
  const frameSize = i420Size(width, height);
  const work = new Uint8Array(width * height);
  const work32 = new Uint32Array(work.buffer);
  const amp = Math.max(0, Math.min(20, Math.round(noise)));
  const noise32 = new Uint32Array(makeNoise(seed, width * height + NOISE_TABLE_PAD, amp).buffer);
  const light = createLighting(seed, fps, amp);

  function renderFrame(frameIndex: number, out: Uint8Array): void {
    const plan = shots.planAt(frameIndex);
    const scene = sceneAt(plan, (frameIndex - plan.startFrame) / fps);
    const views = frameViews(out, width, height);
    work.set(bg.y);
    views.u.set(bg.u);
    views.v.set(bg.v);
    const f: Frame420 = { width, height, y: work, u: views.u, v: views.v };
    const deck: { ft: number; draw: () => void }[] = [];
    for (const p of scene.pins) {
      deck.push({ ft: p.ft, draw: () => drawPin(f, cam, p, p.ft > MASK_FT ? bg.maskRow : 0) });
    }
    const ball = scene.ball;
    if (ball) {
      const clip = ball.ft > MASK_FT ? bg.maskRow : 0;
      deck.push({
        ft: ball.ft,
        draw: () =>
          drawBall(
            f,
            cam,
            ball.board,
            ball.ft,
            ball.z,
            plan.bowler.ballColor,
            ball.roll,
            clip,
            ball.z > 0,
          ),
      });
    }
    const bar = scene.bar;
    if (bar) {
      deck.push({
        ft: bar.ft - 0.1,
        draw: () => drawSweepBar(f, cam, bar.ft, bar.z, bg.maskRow),
      });
    }
    deck.sort((a, b) => b.ft - a.ft);
    for (const d of deck) d.draw();
    drawBowler(f, cam, scene.bowler, {
      shirt: plan.bowler.shirtColor,
      pants: plan.bowler.pantsColor,
      ball: plan.bowler.ballColor,
    });
    // Lighting and noise, four pixels at a time: the LUT maps two bytes per
    // lookup, and biased noise bytes add without carries.
    const lut = light(frameIndex);
    const off = hash32(seed, frameIndex, 0x7e) % (NOISE_TABLE_PAD / 4);
    const m = (width * height) >> 2;
    if (out.byteOffset % 4 === 0) {
      const y32 = new Uint32Array(out.buffer, out.byteOffset, m);
      for (let i = 0; i < m; i++) {
        const v = work32[i];
        y32[i] = ((lut[v & 0xffff] | (lut[v >>> 16] << 16)) >>> 0) + noise32[i + off];
      }
    } else {
      const nz = new Uint8Array(noise32.buffer);
      for (let i = 0; i < 4 * m; i++) views.y[i] = (lut[work[i]] & 0xff) + nz[i + 4 * off];
    }
  }

  function eventsBetween(fromFrame: number, toFrame: number): SimEvent[] {
    if (toFrame <= fromFrame) return [];
    const first = shots.shotIndexAt(Math.max(0, fromFrame));
    const last = shots.shotIndexAt(Math.max(0, toFrame - 1));
    const out: SimEvent[] = [];
    for (let i = first; i <= last; i++) {
      const shot = shots.truth(i);
      const frames: [SimEventKind, number][] = [
        ["approach", shot.approachFrame],
        ["release", shot.releaseFrame],
        ["arrows", shot.arrowsFrame],
        ["impact", shot.impactFrame],
        ["settled", shot.settledFrame],
      ];
      for (const [kind, frame] of frames) {
        if (frame >= fromFrame && frame < toFrame) out.push({ kind, frame, shot });
      }
    }
    return out.sort((a, b) => a.frame - b.frame);
  }

  return {
    seed,
    lane,
    width,
    height,
    fps,
    frameSize,
    calibration,
    renderFrame,
    shotsUpTo: (frameIndex) => shots.truthsUpTo(frameIndex),
    shotAt: (frameIndex) => shots.truth(shots.shotIndexAt(frameIndex)),
    eventsBetween,
  };
}

/** Noise bytes biased by +amplitude (so 0…2·amplitude), normally distributed. */
function makeNoise(seed: number, length: number, amplitude: number): Uint8Array {
  const table = new Uint8Array(length);
  if (amplitude <= 0) return table;
  const rng = createPrng(seed, 0x0e);
  const sd = amplitude / 2.2;
  for (let i = 0; i < length; i++) {
    table[i] = amplitude + Math.round(rng.normalClamped(0, sd, -amplitude, amplitude));
  }
  return table;
}

/**
 * Slow global brightness drift. Returns, per frame, a 16-bit LUT that maps
 * two luma bytes at once, already lowered by the noise bias so that adding
 * biased noise stays within 0…255. Rebuilt only when the level changes.
 */
function createLighting(
  seed: number,
  fps: number,
  amp: number,
): (frameIndex: number) => Uint16Array {
  const phase = createPrng(seed, 0x11).uniform(0, 2 * Math.PI);
  const lut8 = new Uint8Array(256);
  const lut16 = new Uint16Array(65536);
  let level = NaN;
  return (frameIndex) => {
    const t = frameIndex / fps;
    const k = 1 + 0.05 * Math.sin((2 * Math.PI * t) / 41 + phase) +
      0.02 * Math.sin((2 * Math.PI * t) / 13 + 2 * phase);
    const q = Math.round(k * 1024);
    if (q === level) return lut16;
    level = q;
    for (let i = 0; i < 256; i++) {
      const v = Math.round(16 + ((i - 16) * q) / 1024);
      lut8[i] = Math.min(255 - amp, Math.max(amp, v)) - amp;
    }
    for (let i = 0; i < 65536; i++) lut16[i] = lut8[i & 255] | (lut8[i >>> 8] << 8);
    return lut16;
  };
}
