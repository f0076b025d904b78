/**
 * Draws the bowler as flat-shaded capsules (limbs), a torso quad and a head,
 * back to front by depth so arms and the ball pass in front of or behind
 * the body as they should.
 */
import { type LaneCamera, type Projection, projectLanePoint } from "../core/lane_geometry.ts";
import type { Rgb } from "./bowler.ts";
import type { BowlerPose, Joint, JointName } from "./bowler_pose.ts";
import { rgbToYuv, shade, type Yuv } from "./color.ts";
import { fillDisc, fillPolygon, type Frame420 } from "./raster.ts";
import { drawBall } from "./ball_sprite.ts";

const SKIN: Rgb = [176, 128, 100];
const HAIR: Rgb = [44, 32, 26];
const SHOES: Rgb = [34, 34, 38];

interface Part {
  depth: number;
  draw: () => void;
}

function proj(cam: LaneCamera, j: Joint): Projection {
  return projectLanePoint(cam, j.board, j.ft, j.z);
}

function capsule(f: Frame420, a: Projection, b: Projection, ra: number, rb: number, c: Yuv): void {
  const r0 = ra * a.scale;
  const r1 = rb * b.scale;
  const dx = b.u - a.u;
  const dy = b.v - a.v;
  const len = Math.hypot(dx, dy) || 1;
  const nx = -dy / len;
  const ny = dx / len;
  fillPolygon(
    f,
    [a.u + nx * r0, b.u + nx * r1, b.u - nx * r1, a.u - nx * r0],
    [a.v + ny * r0, b.v + ny * r1, b.v - ny * r1, a.v - ny * r0],
    c,
  );
  fillDisc(f, a.u, a.v, r0, c);
  fillDisc(f, b.u, b.v, r1, c);
}

/** Draws the bowler (and the ball in hand) in `pose`. */
export function drawBowler(
  f: Frame420,
  cam: LaneCamera,
  pose: BowlerPose,
  colors: { shirt: Rgb; pants: Rgb; ball: Rgb },
  ballRoll = 0,
): void {
  const H = pose.heightFt;
  const J = pose.joints;
  const P = {} as Record<JointName, Projection>;
  for (const k of Object.keys(J) as JointName[]) P[k] = proj(cam, J[k]);
  if (P.head.depth < 1 && P.hipL.depth < 1) return;
  const lit = (c: Rgb, k: number) => rgbToYuv(...shade(c, k));
  const shirt = lit(colors.shirt, 0.8);
  const shirtDark = lit(colors.shirt, 0.62);
  const pants = lit(colors.pants, 0.8);
  const pantsDark = lit(colors.pants, 0.65);
  const skin = lit(SKIN, 0.85);
  const parts: Part[] = [];
  const limb = (a: JointName, b: JointName, ra: number, rb: number, c: Yuv) =>
    parts.push({
      depth: (P[a].depth + P[b].depth) / 2,
      draw: () => {
        if (P[a].depth > 0.3 && P[b].depth > 0.3) capsule(f, P[a], P[b], ra * H, rb * H, c);
      },
    });
  const farLeft = P.hipL.depth > P.hipR.depth;
  limb("hipL", "kneeL", 0.05, 0.038, farLeft ? pantsDark : pants);
  limb("kneeL", "ankleL", 0.036, 0.026, farLeft ? pantsDark : pants);
  limb("ankleL", "toeL", 0.026, 0.022, lit(SHOES, 1));
  limb("hipR", "kneeR", 0.05, 0.038, farLeft ? pants : pantsDark);
  limb("kneeR", "ankleR", 0.036, 0.026, farLeft ? pants : pantsDark);
  limb("ankleR", "toeR", 0.026, 0.022, lit(SHOES, 1));
  limb("shoulderL", "elbowL", 0.03, 0.026, shirtDark);
  limb("elbowL", "handL", 0.024, 0.02, skin);
  limb("shoulderR", "elbowR", 0.03, 0.026, shirtDark);
  limb("elbowR", "handR", 0.024, 0.02, skin);
  // Torso: shoulders to hips, pushed slightly behind the arms.
  parts.push({
    depth: (P.shoulderL.depth + P.shoulderR.depth + P.hipL.depth + P.hipR.depth) / 4 + 0.05,
    draw: () => {
      const q = [P.shoulderL, P.shoulderR, P.hipR, P.hipL];
      if (q.some((x) => x.depth < 0.3)) return;
      const wide = (
        a: Projection,
        b: Projection,
        k: number,
      ) => [a.u + (a.u - b.u) * k, a.v + (a.v - b.v) * k];
      const [s1x, s1y] = wide(q[0], q[1], 0.12);
      const [s2x, s2y] = wide(q[1], q[0], 0.12);
      fillPolygon(f, [s1x, s2x, q[2].u, q[3].u], [s1y, s2y, q[2].v, q[3].v], shirt);
      const chin = proj(cam, {
        board: (J.neck.board + J.head.board) / 2,
        ft: (J.neck.ft + J.head.ft) / 2,
        z: (J.neck.z + J.head.z) / 2,
      });
      capsule(f, P.neck, chin, 0.03 * H, 0.026 * H, lit(HAIR, 1.3));
    },
  });
  parts.push({
    // The head always covers the neck and shoulders.
    depth: Math.min(P.head.depth, (P.shoulderL.depth + P.shoulderR.depth) / 2 - 0.05),
    draw: () => {
      if (P.head.depth < 0.3) return;
      const r = 0.064 * H * P.head.scale;
      if (pose.facing === 1) {
        fillDisc(f, P.head.u, P.head.v + r * 0.12, r * 1.04, lit(HAIR, 1));
      } else {
        fillDisc(f, P.head.u, P.head.v, r, skin);
        fillDisc(f, P.head.u, P.head.v - r * 0.45, r * 0.8, lit(HAIR, 1));
      }
    },
  });
  if (pose.ball) {
    const b = pose.ball;
    const pb = proj(cam, b);
    parts.push({
      depth: pb.depth,
      draw: () => drawBall(f, cam, b.board, b.ft, b.z, colors.ball, ballRoll, 0, false),
    });
  }
  parts.sort((a, b) => b.depth - a.depth);
  for (const p of parts) p.draw();
}
