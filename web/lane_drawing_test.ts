import assert from "node:assert/strict";
import {
  BOARD_FT,
  defaultSimCalibration,
  laneToPixel,
  LEFT_EDGE_BOARD,
  PIN_DECK_END_FT,
  pinSpot,
  RIGHT_EDGE_BOARD,
} from "../core/lane_geometry.ts";
import {
  APPROACH_FT,
  BLEND_FROM_FT,
  BOARD_UNITS,
  boardToY,
  DECK_END_X,
  DECK_FROM_FT,
  ENTRY_FT,
  ftToX,
  GUTTER_BOARDS,
  LANE_FT_UNITS,
  PIT_UNITS,
  shotMarks,
  svgPath,
  toVideo,
  toView,
  videoPath,
  VIEW_HEIGHT,
  VIEW_WIDTH,
} from "./lane_drawing.ts";

Deno.test("ftToX() puts the approach edge at 0 and the deck's end before the pit", () => {
  assert.equal(ftToX(-APPROACH_FT), 0);
  assert.equal(ftToX(0), APPROACH_FT * LANE_FT_UNITS);
  assert.equal(ftToX(PIN_DECK_END_FT), DECK_END_X);
  assert.equal(VIEW_WIDTH, DECK_END_X + PIT_UNITS);
});

Deno.test("ftToX() is continuous and its scale grows without a jump into the deck", () => {
  const step = 0.05;
  let lastStep = LANE_FT_UNITS * step;
  for (let ft = -APPROACH_FT; ft < PIN_DECK_END_FT; ft += step) {
    const dx = ftToX(ft + step) - ftToX(ft);
    assert.ok(dx > 0, `x fell at ${ft} ft`);
    // Rounding to 0.1 aside, each step is at most a little longer than the one before.
    assert.ok(dx - lastStep < 0.25, `the scale jumped at ${ft.toFixed(2)} ft`);
    lastStep = dx;
  }
  assert.ok(Math.abs(ftToX(BLEND_FROM_FT + 0.01) - ftToX(BLEND_FROM_FT)) < 0.2);
  assert.ok(Math.abs(ftToX(DECK_FROM_FT + 0.01) - ftToX(DECK_FROM_FT)) < 0.6);
});

Deno.test("boardToY() puts the bowler's left (board 39) at the top and keeps the gutters inside", () => {
  assert.equal(boardToY(LEFT_EDGE_BOARD + GUTTER_BOARDS), 0);
  assert.equal(boardToY(RIGHT_EDGE_BOARD - GUTTER_BOARDS), VIEW_HEIGHT);
  assert.ok(boardToY(39) < boardToY(1));
  assert.equal(boardToY(20) - boardToY(25), 5 * BOARD_UNITS);
});

Deno.test("the pin deck is drawn true to shape: pins 12 in apart both ways", () => {
  const one = toView(pinSpot(1)), two = toView(pinSpot(2)), three = toView(pinSpot(3));
  const across = Math.hypot(two.x - three.x, two.y - three.y);
  const diagonal = Math.hypot(two.x - one.x, two.y - one.y);
  assert.ok(Math.abs(across - diagonal) < 0.5, `${across} vs ${diagonal}`);
  assert.ok(Math.abs(across - (12 / 12 / BOARD_FT) * BOARD_UNITS) < 0.5);
});

Deno.test("svgPath() draws a polyline through finite points and nothing for fewer than two", () => {
  assert.equal(svgPath([{ x: 1, y: 2 }, { x: 3.5, y: NaN }, { x: 4, y: 5 }]), "M1 2 L4 5");
  assert.equal(svgPath([{ x: 1, y: 2 }]), "");
  assert.equal(svgPath([]), "");
});

Deno.test("shotMarks() places the arrows at 15 ft and the entry at 59.5 ft", () => {
  const marks = shotMarks({
    arrowsBoard: 12.5,
    breakpointBoard: 8,
    breakpointFt: 41,
    entryBoard: 17.5,
  });
  assert.deepEqual(marks, {
    arrows: { board: 12.5, ft: 15 },
    breakpoint: { board: 8, ft: 41 },
    entry: { board: 17.5, ft: ENTRY_FT },
  });
});

Deno.test("toVideo() maps lane points through the calibration like core's laneToPixel", () => {
  const cal = defaultSimCalibration(640, 360);
  const fit = { width: 640, height: 360, laneToImage: [...cal.laneToImage] };
  for (const p of [{ board: 20, ft: 0 }, { board: 5, ft: 15 }, pinSpot(10)]) {
    const want = laneToPixel(cal, p);
    const got = toVideo(fit, p)!;
    assert.ok(Math.abs(got.x - want.u) < 0.06 && Math.abs(got.y - want.v) < 0.06);
  }
});

Deno.test("videoPath() drops points behind the camera and rejects a malformed matrix", () => {
  const cal = defaultSimCalibration(640, 360);
  const fit = { width: 640, height: 360, laneToImage: [...cal.laneToImage] };
  // The sim camera stands 18 ft behind the foul line.
  const path = videoPath(fit, [{ board: 20, ft: -40 }, { board: 20, ft: 10 }, {
    board: 20,
    ft: 30,
  }]);
  assert.equal(path.length, 2);
  assert.equal(toVideo({ width: 1, height: 1, laneToImage: [1, 2] }, { board: 1, ft: 1 }), null);
});
