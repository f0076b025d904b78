import assert from "node:assert/strict";
import fc from "fast-check";
import { CAPACITY_DEFAULTS, CapacityController, type LaneCounters } from "./capacity_controller.ts";

const { windowMs, quietMs } = CAPACITY_DEFAULTS;

/** Lanes whose counters grow by `fps` frames a second, `dropShare` of them dropped while busy. */
function lanes(ids: string[]) {
  const c = new Map(ids.map((id) => [id, { received: 0, dropped: 0 }]));
  return {
    tick(seconds: number, busy: boolean, dropShare: number): LaneCounters[] {
      return ids.map((laneId) => {
        const n = c.get(laneId)!;
        n.received += 30 * seconds;
        n.dropped += Math.round(30 * seconds * dropShare);
        return { laneId, ...n, busy };
      });
    },
  };
}

/** Feeds one sample a second for `seconds`; returns the changes seen. */
function run(
  ctl: CapacityController,
  l: ReturnType<typeof lanes>,
  from: number,
  seconds: number,
  busy: boolean,
  dropShare: number,
) {
  const changes: [number, string][] = [];
  for (let s = 1; s <= seconds; s++) {
    const at = from + s * 1000;
    const change = ctl.observe(l.tick(1, busy, dropShare), at);
    if (change) changes.push([at, change]);
  }
  return changes;
}

Deno.test("the capacity drops by one when the frames of lanes in a shot keep being dropped", () => {
  const ctl = new CapacityController({ limit: 3 });
  const l = lanes(["1", "2", "3"]);
  ctl.observe(l.tick(0, true, 0), 0);
  // 35 % dropped (4 lanes on 2 cores): lowered after one window, then once more a window later.
  const changes = run(ctl, l, 0, 2 * windowMs / 1000, true, 0.35);
  assert.deepEqual(changes, [[windowMs, "lowered"], [2 * windowMs, "lowered"]]);
  assert.equal(ctl.capacity, 1);
  assert.match(ctl.reason, /^lowered: 3\d\.\d % of the frames in shots dropped over 30 s/);
  // Never below one lane.
  assert.deepEqual(run(ctl, l, 2 * windowMs, 120, true, 0.5), []);
  assert.equal(ctl.capacity, 1);
});

Deno.test("the measured shares that met every goal leave the capacity alone", () => {
  for (const share of [0.002, 0.016, 0.068]) {
    const ctl = new CapacityController({ limit: 3, limitReason: "default for cpu" });
    const l = lanes(["1", "2", "3"]);
    assert.deepEqual(run(ctl, l, 0, 600, true, share), []);
    assert.deepEqual([ctl.capacity, ctl.reason], [3, "default for cpu"]);
  }
});

Deno.test("idle lanes' drops and a window with too few frames in shots do not count", () => {
  const ctl = new CapacityController({ limit: 3 });
  const idle = lanes(["1", "2", "3"]);
  assert.deepEqual(run(ctl, idle, 0, 300, false, 0.9), []);
  assert.equal(ctl.busyDropShare, null);
  // One lane in a shot for 5 s a window: 150 frames, under the minimum to judge.
  const one = lanes(["4"]);
  for (let w = 0; w < 5; w++) {
    const from = 300_000 + w * windowMs;
    assert.deepEqual(run(ctl, one, from, 5, true, 0.9), []);
    assert.deepEqual(run(ctl, one, from + 5000, windowMs / 1000 - 5, false, 0), []);
  }
  assert.equal(ctl.capacity, 3);
});

Deno.test("a lane watched afresh (counters restarted) starts from its new counters", () => {
  const ctl = new CapacityController({ limit: 2 });
  ctl.observe([{ laneId: "1", received: 10_000, dropped: 9_000, busy: true }], 0);
  ctl.observe([{ laneId: "1", received: 20, dropped: 0, busy: true }], windowMs);
  ctl.observe([{ laneId: "1", received: 420, dropped: 4, busy: true }], windowMs + 1000);
  assert.equal(ctl.busyDropShare, 0.01);
  assert.equal(ctl.capacity, 2);
});

Deno.test("after a long quiet spell the capacity comes back one lane at a time, up to its limit", () => {
  const ctl = new CapacityController({ limit: 3 });
  const l = lanes(["1", "2"]);
  ctl.observe(l.tick(0, true, 0), 0);
  assert.deepEqual(run(ctl, l, 0, windowMs / 1000, true, 0.4), [[windowMs, "lowered"]]);
  // A share between half the threshold and the threshold is not quiet: no raise.
  const t1 = windowMs;
  assert.deepEqual(run(ctl, l, t1, quietMs / 1000 + 60, true, 0.1), []);
  assert.equal(ctl.capacity, 2);
  const t2 = t1 + quietMs + 60_000;
  const changes = run(ctl, l, t2, 3 * quietMs / 1000, true, 0.01);
  assert.equal(changes.length, 1, "raised once: up to the limit, no further");
  assert.equal(changes[0][1], "raised");
  assert.ok(changes[0][0] - t2 >= quietMs);
  assert.equal(ctl.capacity, 3);
  assert.match(ctl.reason, /^raised: under 7\.5 % of the frames in shots dropped for 15 min$/);
});

Deno.test("property: the capacity stays within 1..limit and moves one lane at a time", () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 6 }),
    fc.array(
      fc.record({
        seconds: fc.integer({ min: 1, max: 600 }),
        busy: fc.boolean(),
        share: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      { maxLength: 20 },
    ),
    (limit, phases) => {
      const ctl = new CapacityController({ limit, quietMs: 120_000 });
      const l = lanes(["1", "2"]);
      let at = 0, last = ctl.capacity;
      for (const p of phases) {
        for (let s = 0; s < p.seconds; s += 5) {
          at += 5000;
          const change = ctl.observe(l.tick(5, p.busy, p.share), at);
          assert.ok(ctl.capacity >= 1 && ctl.capacity <= limit);
          assert.equal(
            ctl.capacity - last,
            change === "raised" ? 1 : change === "lowered" ? -1 : 0,
          );
          last = ctl.capacity;
        }
      }
    },
  ));
});
