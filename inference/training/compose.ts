/**
 * Renders one simulator frame the way sim/render.ts does (same sprites, same
 * draw order), with the knobs training needs and the live renderer does not
 * have: the ball's colour, global light gain and offset, a chroma cast, the
 * noise level, and a second pass with another ball colour that tells which
 * ball pixels are visible (not hidden by the bowler, pins or the masking unit).
 */
import { type LaneCamera, projectLanePoint } from "../../core/lane_geometry.ts";
import { drawBall } from "../../sim/ball_sprite.ts";
import { type Background, MASK_FT } from "../../sim/background.ts";
import type { Rgb } from "../../sim/bowler.ts";
import { drawBowler } from "../../sim/bowler_sprite.ts";
import { drawPin } from "../../sim/pin_sprite.ts";
import { BALL_RADIUS_FT } from "../../sim/physics.ts";
import { type Frame420, frameViews } from "../../sim/raster.ts";
import { type Scene, sceneAt } from "../../sim/scene.ts";
import type { Prng } from "../../core/prng.ts";
import type { Region } from "../models/types.ts";
import type { ShotPlan } from "../../sim/shot_plan.ts";
import { drawSweepBar } from "../../sim/sweep_sprite.ts";

export interface Look {
  ballColor: Rgb;
  /** Luma gain around 16 and offset. */
  gain: number;
  offset: number;
  /** Added to U and V. */
  du: number;
  dv: number;
  /** Noise amplitude in luma steps. */
  noise: number;
}

/** A ball in the picture: centre, radius (pixels) and how much of it shows (0…1). */
export interface BallTruth {
  u: number;
  v: number;
  radius: number;
  visible: number;
  inHand: boolean;
}

function draw(
  f: Frame420,
  bg: Background,
  cam: LaneCamera,
  plan: ShotPlan,
  scene: Scene,
  ball: Rgb,
) {
  f.y.set(bg.y);
  f.u.set(bg.u);
  f.v.set(bg.v);
  const deck: { ft: number; draw: () => void }[] = [];
  for (const p of scene.pins) {
    deck.push({ ft: p.ft, draw: () => drawPin(f, cam, p, p.ft > MASK_FT ? bg.maskRow : 0) });
  }
  const b = scene.ball;
  if (b) {
    const clip = b.ft > MASK_FT ? bg.maskRow : 0;
    deck.push({
      ft: b.ft,
      draw: () => drawBall(f, cam, b.board, b.ft, b.z, ball, b.roll, clip, b.z > 0),
    });
  }
  const bar = scene.bar;
  if (bar) {
    deck.push({
      ft: bar.ft - 0.1,
      draw: () => drawSweepBar(f, cam, bar.ft, bar.z, bg.maskRow),
    });
  }
  deck.sort((x, y) => y.ft - x.ft);
  for (const d of deck) d.draw();
  drawBowler(f, cam, scene.bowler, {
    shirt: plan.bowler.shirtColor,
    pants: plan.bowler.pantsColor,
    ball,
  });
}

export function createComposer(bg: Background, cam: LaneCamera) {
  const { width: w, height: h } = cam;
  const a = new Uint8Array((w * h * 3) / 2);
  const b = new Uint8Array((w * h * 3) / 2);
  const fa = frameViews(a, w, h);
  const fb = frameViews(b, w, h);
  let rng = 0x9e3779b9;
  const rand = () => {
    rng ^= rng << 13, rng ^= rng >>> 17, rng ^= rng << 5;
    return (rng >>> 0) / 4294967296;
  };

  /** Where the ball is (lane or hand) and how much of it shows, from a second render. */
  function ballTruth(plan: ShotPlan, scene: Scene, look: Look): BallTruth | null {
    const inHand = !scene.ball && scene.bowler.ball !== null;
    const p = scene.ball ?? scene.bowler.ball;
    if (!p) return null;
    const c = projectLanePoint(cam, p.board, p.ft, p.z);
    if (c.depth < 0.5) return null;
    const radius = BALL_RADIUS_FT * c.scale;
    const other: Rgb = [255 - look.ballColor[0], 255 - look.ballColor[1], 255 - look.ballColor[2]];
    draw(fb, bg, cam, plan, scene, other);
    let total = 0, seen = 0;
    const r2 = radius * radius;
    for (let j = Math.floor(c.v - radius); j <= Math.ceil(c.v + radius); j++) {
      for (let i = Math.floor(c.u - radius); i <= Math.ceil(c.u + radius); i++) {
        const dx = i + 0.5 - c.u, dy = j + 0.5 - c.v;
        if (dx * dx + dy * dy > r2) continue;
        total++;
        if (i < 0 || j < 0 || i >= w || j >= h) continue;
        const o = j * w + i;
        const co = (j >> 1) * (w >> 1) + (i >> 1);
        if (Math.abs(fa.y[o] - fb.y[o]) > 3 || fa.u[co] !== fb.u[co]) seen++;
      }
    }
    return { u: c.u, v: c.v, radius, visible: total ? Math.min(1, seen / total) : 0, inHand };
  }

  /** Renders into `out` (I420) and returns the ball truth. */
  function render(plan: ShotPlan, scene: Scene, look: Look, out: Uint8Array): BallTruth | null {
    draw(fa, bg, cam, plan, scene, look.ballColor);
    const truth = ballTruth(plan, scene, look);
    const n = w * h;
    const { gain, offset, noise } = look;
    for (let i = 0; i < n; i++) {
      const nz = noise > 0 ? (rand() + rand() - 1) * noise : 0;
      const v = 16 + (a[i] - 16) * gain + offset + nz;
      out[i] = v < 0 ? 0 : v > 255 ? 255 : v + 0.5;
    }
    const m = n >> 2;
    for (let i = 0; i < m; i++) {
      const u = 128 + (a[n + i] - 128) * gain + look.du;
      const v = 128 + (a[n + m + i] - 128) * gain + look.dv;
      out[n + i] = u < 0 ? 0 : u > 255 ? 255 : u + 0.5;
      out[n + m + i] = v < 0 ? 0 : v > 255 ? 255 : v + 0.5;
    }
    return truth;
  }

  return { render, width: w, height: h };
}

/** Renders the frames of `plan` at `stamps` (seconds), with the ball truth of each. */
export function renderClip(
  composer: ReturnType<typeof createComposer>,
  plan: ShotPlan,
  look: Look,
  stamps: readonly number[],
): { frames: Uint8Array[]; truths: (BallTruth | null)[] } {
  const { width, height } = composer;
  const frames: Uint8Array[] = [];
  const truths: (BallTruth | null)[] = [];
  for (const ts of stamps) {
    const buf = new Uint8Array((width * height * 3) / 2);
    truths.push(composer.render(plan, sceneAt(plan, ts), look, buf));
    frames.push(buf);
  }
  return { frames, truths };
}

/**
 * A model window moved by up to ±`dx`, ±`dy` of its size and scaled by
 * 0.94–1.06 about its centre: the calibration is never exact.
 */
export function jitterRegion(r: Region, rng: Prng, dx: number, dy: number): Region {
  const s = rng.uniform(0.94, 1.06);
  return {
    x: r.x + rng.uniform(-dx, dx) * r.width + (1 - s) * r.width / 2,
    y: r.y + rng.uniform(-dy, dy) * r.height + (1 - s) * r.height / 2,
    width: r.width * s,
    height: r.height * s,
  };
}
