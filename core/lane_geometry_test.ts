import assert from "node:assert/strict";
import { applyHomography, invertMat3, multiplyMat3 } from "./homography.ts";
import {
  ARROW_SPOTS,
  BOARD_IN,
  defaultSimCalibration,
  laneToImageHomography,
  laneToPixel,
  PIN_SPOTS,
  pinSpot,
  pixelToLane,
  projectLanePoint,
} from "./lane_geometry.ts";

const close = (a: number, b: number, eps: number, what = "") =>
  assert.ok(Math.abs(a - b) <= eps, `${what} ${a} is not within ${eps} of ${b}`);

Deno.test("pinSpot() puts pin 1 at 60 ft on board 20 and the rack in a 36 in triangle", () => {
  assert.deepEqual(pinSpot(1), { board: 20, ft: 60 });
  // 7 is back-left (high board), 10 back-right (low board), 12 in apart.
  const p7 = pinSpot(7);
  const p10 = pinSpot(10);
  close(p7.ft, p10.ft, 1e-9, "back row depth");
  close((p7.board - p10.board) * BOARD_IN, 36, 1e-9, "7 to 10 across");
  close(p7.board, 20 + 18 / BOARD_IN, 1e-9, "7 board");
  close((p7.ft - 60) * 12, 36 * Math.sqrt(3) / 2, 1e-9, "rack depth");
  for (let a = 1; a <= 10; a++) {
    for (let b = a + 1; b <= 10; b++) {
      const pa = pinSpot(a), pb = pinSpot(b);
      const d = Math.hypot((pa.board - pb.board) * BOARD_IN, (pa.ft - pb.ft) * 12);
      assert.ok(d >= 12 - 1e-9, `pins ${a} and ${b} are ${d} in apart`);
    }
  }
  assert.throws(() => pinSpot(0), RangeError);
  assert.throws(() => pinSpot(11), RangeError);
});

Deno.test("arrows sit on boards 5–35 around 15 ft", () => {
  assert.deepEqual(ARROW_SPOTS.map((a) => a.board), [5, 10, 15, 20, 25, 30, 35]);
  for (const a of ARROW_SPOTS) assert.ok(a.ft >= 13 && a.ft <= 16);
});

Deno.test("homography ∘ inverse is the identity on the lane", () => {
  for (const [w, h] of [[640, 360], [1280, 720]]) {
    const cal = defaultSimCalibration(w, h);
    const id = multiplyMat3(cal.laneToImage, cal.imageToLane);
    const s = id[8];
    for (let i = 0; i < 9; i++) close(id[i] / s, i % 4 === 0 ? 1 : 0, 1e-9, `H·H⁻¹[${i}]`);
    for (const board of [0.5, 10, 20, 39.5]) {
      for (const ft of [0, 15, 40, 60]) {
        const px = laneToPixel(cal, { board, ft });
        const back = pixelToLane(cal, px.u, px.v);
        close(back.board, board, 1e-6, "board");
        close(back.ft, ft, 1e-6, "ft");
      }
    }
    assert.deepEqual(
      invertMat3(cal.imageToLane).map((v) => Math.round(v * 1e6)),
      cal.laneToImage.map((v) => Math.round(v * 1e6)),
    );
  }
});

Deno.test("the homography agrees with projecting points on the lane surface", () => {
  const cal = defaultSimCalibration(1280, 720);
  assert.deepEqual(laneToImageHomography(cal.camera), cal.laneToImage);
  for (const [board, ft] of [[3, 2], [20, 30], [37, 59]]) {
    const p = projectLanePoint(cal.camera, board, ft, 0);
    const q = applyHomography(cal.laneToImage, board, ft);
    close(p.u, q.x, 1e-6, "u");
    close(p.v, q.y, 1e-6, "v");
  }
});

Deno.test("the sim camera sees the foul line at the bottom, the pins at the top, board 1 on the right", () => {
  for (const [w, h] of [[640, 360], [1280, 720]]) {
    const cal = defaultSimCalibration(w, h);
    const foulRight = laneToPixel(cal, { board: 0.5, ft: 0 });
    const foulLeft = laneToPixel(cal, { board: 39.5, ft: 0 });
    assert.ok(foulRight.u > foulLeft.u, "board 1 is to the right of board 39");
    assert.ok(foulRight.v > 0.8 * h && foulRight.v < h, "foul line near the bottom");
    const px = PIN_SPOTS.map((p) => laneToPixel(cal, p));
    for (const p of px) {
      assert.ok(p.u > 0 && p.u < w && p.v > 0 && p.v < 0.3 * h, "pins in the top of frame");
    }
    // Left to right on screen the back row reads 7, 8, 9, 10; the head pin is nearest.
    assert.ok(px[6].u < px[7].u && px[7].u < px[8].u && px[8].u < px[9].u);
    for (let i = 1; i < 10; i++) {
      assert.ok(px[0].v > px[i].v, `pin 1 is lower on screen than pin ${i + 1}`);
    }
    // Pin tops are above their bases and inside the frame.
    for (const p of PIN_SPOTS) {
      const top = projectLanePoint(cal.camera, p.board, p.ft, 15 / 12);
      assert.ok(top.v > 0 && top.v < laneToPixel(cal, p).v);
    }
    // The arrows lie between the foul line and the pins.
    for (const a of ARROW_SPOTS) {
      const q = laneToPixel(cal, a);
      assert.ok(q.v < foulRight.v && q.v > px[0].v);
    }
  }
});

Deno.test("pixel sizes scale with the frame", () => {
  const small = defaultSimCalibration(640, 360);
  const big = defaultSimCalibration(1280, 720);
  const a = laneToPixel(small, pinSpot(10));
  const b = laneToPixel(big, pinSpot(10));
  close(b.u, 2 * a.u, 1e-6, "u");
  close(b.v, 2 * a.v, 1e-6, "v");
});
