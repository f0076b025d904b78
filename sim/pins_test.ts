import assert from "node:assert/strict";
import { createPrng } from "../core/prng.ts";
import { PIN_SPOTS } from "../core/lane_geometry.ts";
import { type BallLaunch, buildBallPath } from "./physics.ts";
import { aimAt } from "./bowler.ts";
import { ALL_PINS, maskOf, pinCount, pinsIn, resolvePinfall } from "./pins.ts";

const base: BallLaunch = {
  speedMph: 18,
  speedLossMph: 2.5,
  foulBoard: 0,
  launchSlope: -0.3,
  hookStartFt: 37,
  rollStartFt: 55,
  hookAccel: 0.08,
};

/** A hook shot that crosses `board` at 59.5 ft. */
function shotAt(board: number) {
  return buildBallPath(aimAt(base, { board, ft: 59.5 }, "foulBoard"));
}

function outcomes(board: number, n = 400) {
  const path = shotAt(board);
  return Array.from({ length: n }, (_, i) => resolvePinfall(createPrng(1, i), path, ALL_PINS));
}

Deno.test("pin masks round-trip", () => {
  assert.equal(maskOf(1, 10), 0b1000000001);
  assert.deepEqual(pinsIn(maskOf(7, 10)), [7, 10]);
  assert.equal(pinCount(ALL_PINS), 10);
});

Deno.test("pocket hits with a good angle strike most of the time", () => {
  const r = outcomes(17.5);
  assert.ok(r.every((x) => x.zone === "pocket"));
  const strikes = r.filter((x) => x.standingAfter === 0).length;
  assert.ok(strikes / r.length > 0.75, `strike rate ${strikes / r.length}`);
  // Pocket leaves are single corner or back pins, never the head pin.
  for (const x of r) assert.ok(!(x.standingAfter & 1) && pinCount(x.standingAfter) <= 2);
});

Deno.test("high and nose hits leave splits; light hits leave the usual pins", () => {
  const nose = outcomes(20.5).filter((x) => x.standingAfter !== 0);
  const splits = nose.filter((x) =>
    [maskOf(7, 10), maskOf(4, 6), maskOf(4, 6, 7, 10)].includes(x.standingAfter)
  );
  assert.ok(splits.length / nose.length > 0.2, "7-10, 4-6 and the big four are common on the nose");
  const light = outcomes(16.2).filter((x) => x.standingAfter !== 0);
  assert.ok(light.some((x) => x.standingAfter === maskOf(10)));
  assert.ok(light.some((x) => x.standingAfter === maskOf(5)));
});

Deno.test("a gutter ball knocks nothing down", () => {
  const path = buildBallPath({ ...base, foulBoard: 4, launchSlope: -0.3, hookAccel: 0 });
  const r = resolvePinfall(createPrng(1, 1), path, ALL_PINS);
  assert.equal(r.zone, "gutter");
  assert.equal(r.standingAfter, ALL_PINS);
  assert.deepEqual(r.knocked, []);
  assert.equal(r.contactFt, null);
});

Deno.test("a ball through a single pin knocks it; one wide of it misses", () => {
  for (const pin of [7, 10, 5]) {
    const s = PIN_SPOTS[pin - 1];
    const straight = { ...base, hookAccel: 0, launchSlope: 0, foulBoard: s.board };
    const hit = resolvePinfall(createPrng(2, pin), buildBallPath(straight), maskOf(pin));
    assert.equal(hit.standingAfter, 0, `pin ${pin}`);
    assert.ok(hit.contactFt! < s.ft);
    const miss = resolvePinfall(
      createPrng(2, pin),
      buildBallPath({ ...straight, foulBoard: s.board + (s.board > 20 ? -8 : 8) }),
      maskOf(pin),
    );
    assert.equal(miss.standingAfter, maskOf(pin));
  }
});

Deno.test("missing the head pin on the right leaves it standing (a washout shape)", () => {
  const straight = { ...base, launchSlope: 0, hookAccel: 0, foulBoard: 12.5 };
  const r = resolvePinfall(createPrng(5, 5), buildBallPath(straight), ALL_PINS);
  assert.equal(r.zone, "miss");
  assert.ok(r.standingAfter & 1, "head pin stands");
  assert.ok(!(r.standingAfter & maskOf(3)), "the 3 pin is hit");
});

Deno.test("knocked pins fall after contact, moving away from the ball", () => {
  for (const x of outcomes(17.5, 50)) {
    const down = ALL_PINS & ~x.standingAfter;
    assert.deepEqual(x.knocked.map((k) => k.pin).sort((a, b) => a - b), pinsIn(down));
    for (const k of x.knocked) {
      assert.ok(k.delayS >= 0 && k.delayS < 1);
      assert.ok(Math.abs(Math.hypot(k.dirX, k.dirY) - 1) < 1e-9);
    }
  }
});
