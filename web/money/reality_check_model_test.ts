import assert from "node:assert/strict";
import { ApiError } from "../api.ts";
import type { RealityCheck } from "./money_api.ts";
import { formatPlayed, RealityCheckModel } from "./reality_check_model.ts";

function setup(minutes: number, fail?: Error) {
  const play: RealityCheck = {
    since: "2026-12-07T07:00:00Z",
    minutes,
    staked: 2500,
    won: 1000,
    net: -1500,
  };
  const timers: { fn: () => void; ms: number }[] = [];
  const map = new Map<string, string>();
  const storage = {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
  };
  const make = () =>
    new RealityCheckModel({
      api: { realityCheck: () => fail ? Promise.reject(fail) : Promise.resolve({ ...play }) },
      everyMinutes: 30,
      storage,
      setTimer: (fn, ms) => timers.push({ fn, ms }),
      clearTimer: () => {},
    });
  return { model: make(), make, play, timers };
}

Deno.test("RealityCheckModel shows nothing before the first interval and plans the read at it", async () => {
  const s = setup(10);
  s.model.start();
  await s.model.check();
  assert.equal(s.model.shown.value, null);
  assert.equal(s.timers.at(-1)!.ms, 20 * 60_000);
});

Deno.test("RealityCheckModel shows the session once an interval passed; dismissed, not again until the next", async () => {
  const s = setup(31);
  s.model.start();
  await s.model.check();
  assert.equal(s.model.shown.value?.net, -1500);
  assert.equal(s.timers.at(-1)!.ms, 29 * 60_000);
  s.model.dismiss();
  assert.equal(s.model.shown.value, null);

  // A reload in the same interval: still dismissed.
  const again = s.make();
  again.start();
  await again.check();
  assert.equal(again.shown.peek(), null);

  // The next interval shows it again.
  s.play.minutes = 61;
  await again.check();
  assert.equal(again.shown.peek()?.minutes, 61);
});

Deno.test("RealityCheckModel stays quiet where the server has no reality check", async () => {
  const s = setup(90, new ApiError({ status: 404, code: "not_found" }));
  s.model.start();
  await s.model.check();
  assert.equal(s.model.shown.value, null);
  assert.equal(s.timers.length, 0);
});

Deno.test("formatPlayed() writes hours and minutes", () => {
  assert.equal(formatPlayed(25), "25 min");
  assert.equal(formatPlayed(65), "1 h 5 min");
  assert.equal(formatPlayed(120), "2 h 0 min");
});
