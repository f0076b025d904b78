import assert from "node:assert/strict";
import fc from "fast-check";
import {
  ballCutoffMs,
  isPastPosted,
  pastPostCutoffMs,
  suspendingEvent,
  type TimedEvent,
} from "./past_post.ts";

const ev = (type: string, captureTimeMs: number): TimedEvent => ({ type, captureTimeMs });

Deno.test("isPastPosted() voids a bet exactly at the cutoff and keeps one a millisecond before", () => {
  const cutoff = pastPostCutoffMs(1_700_000_000_000, 0);
  assert.equal(isPastPosted(cutoff, cutoff), true);
  assert.equal(isPastPosted(cutoff + 1, cutoff), true);
  assert.equal(isPastPosted(cutoff - 1, cutoff), false);
});

Deno.test("pastPostCutoffMs() shifts the capture time by BET_ACCEPT_DELAY_MS, either way", () => {
  assert.equal(pastPostCutoffMs(10_000, 0), 10_000);
  assert.equal(pastPostCutoffMs(10_000, 2_500), 12_500);
  assert.equal(pastPostCutoffMs(10_000, -300), 9_700);
  assert.throws(() => pastPostCutoffMs(Number.NaN, 0), RangeError);
  assert.throws(() => pastPostCutoffMs(10_000, Number.POSITIVE_INFINITY), RangeError);
});

Deno.test("suspendingEvent() takes the approach when seen, else the release, and ignores other events", () => {
  const approach = ev("approach", 1_000);
  const release = ev("release", 2_200);
  assert.equal(suspendingEvent([release, approach]), approach);
  assert.equal(suspendingEvent([approach, release]), approach);
  assert.equal(suspendingEvent([release, ev("pinfall", 5_000)]), release);
  assert.equal(suspendingEvent([ev("pinfall", 10), ev("rack-ready", 0)]), null);
  assert.equal(suspendingEvent([]), null);
  // A duplicate approach (resent) changes nothing; a tie goes to the approach.
  assert.equal(suspendingEvent([approach, { ...approach }, release])?.captureTimeMs, 1_000);
  assert.equal(suspendingEvent([ev("release", 1_000), approach])?.type, "approach");
});

Deno.test("ballCutoffMs() is the suspending event's capture time plus the delay, null before any", () => {
  assert.equal(ballCutoffMs([ev("release", 2_000), ev("approach", 1_000)], 250), 1_250);
  assert.equal(ballCutoffMs([ev("release", 2_000)], -100), 1_900);
  assert.equal(ballCutoffMs([ev("pinfall", 3_000)], 0), null);
});

const eventsArb = fc.array(
  fc.record({
    type: fc.constantFrom("approach", "release", "pinfall", "rack-ready"),
    captureTimeMs: fc.integer({ min: 0, max: 10_000 }),
  }),
  { maxLength: 8 },
);

Deno.test("the verdict on a bet never depends on the order in which events arrive", () => {
  fc.assert(
    fc.property(
      eventsArb,
      fc.integer({ min: -2_000, max: 2_000 }),
      fc.integer({ min: 0, max: 12_000 }),
      fc.integer(),
      (events, delay, placedAt, seed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(events, { minLength: events.length }), {
          seed,
          numRuns: 1,
        })[0];
        const a = ballCutoffMs(events, delay);
        const b = ballCutoffMs(shuffled, delay);
        assert.equal(a, b);
        if (a !== null && b !== null) {
          assert.equal(isPastPosted(placedAt, a), isPastPosted(placedAt, b));
        }
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("a later event only ever moves the cutoff earlier, so a voided bet stays void", () => {
  fc.assert(
    fc.property(eventsArb, fc.integer({ min: -2_000, max: 2_000 }), (events, delay) => {
      let previous: number | null = null;
      for (let i = 1; i <= events.length; i++) {
        const cutoff = ballCutoffMs(events.slice(0, i), delay);
        if (previous !== null) assert.ok(cutoff !== null && cutoff <= previous);
        previous = cutoff ?? previous;
      }
    }),
    { numRuns: 300 },
  );
});

Deno.test("with an approach and a release in real order, the approach always sets the cutoff", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 1e12 }),
      fc.integer({ min: 1, max: 10_000 }),
      fc.boolean(),
      (approachAt, releaseAfter, releaseFirst) => {
        const approach = ev("approach", approachAt);
        const release = ev("release", approachAt + releaseAfter);
        const arrival = releaseFirst ? [release, approach] : [approach, release];
        assert.equal(suspendingEvent(arrival), approach);
        assert.equal(isPastPosted(approachAt, ballCutoffMs(arrival, 0)!), true);
        assert.equal(isPastPosted(approachAt - 1, ballCutoffMs(arrival, 0)!), false);
      },
    ),
    { numRuns: 200 },
  );
});
