import assert from "node:assert/strict";
import { strikeRateByFrame } from "../../core/bowler_stats.ts";
import {
  describeSeries,
  describeStrikeRates,
  formatMetric,
  percent,
  shortDate,
} from "./chart_text.ts";

const mph = (v: number) => formatMetric(v, "mph");

Deno.test("describeSeries() says how many balls, when, and the low, high, average and latest", () => {
  const text = describeSeries(
    [
      { at: "2026-12-03T10:00:00Z", value: 16 },
      { at: "2026-12-05T10:00:00Z", value: 18.1 },
      { at: "2026-12-07T10:00:00Z", value: 17.3 },
    ],
    mph,
  );
  assert.equal(
    text,
    `3 balls from ${shortDate("2026-12-03T10:00:00Z")} to ${shortDate("2026-12-07T10:00:00Z")}: ` +
      "lowest 16.0 mph, highest 18.1 mph, average 17.1 mph, latest 17.3 mph.",
  );
  assert.match(describeSeries([{ at: "2026-12-07T10:00:00Z", value: 5.8 }], mph), /^1 ball on /);
  assert.equal(describeSeries([], mph), "No tracked balls yet.");
});

Deno.test("formatMetric() and percent() give one decimal with the unit, and whole percents", () => {
  assert.equal(formatMetric(17.25, "mph"), "17.3 mph");
  assert.equal(formatMetric(5.8, "deg"), "5.8°");
  assert.equal(formatMetric(13.2, "board"), "board 13.2");
  assert.equal(percent(0.666), "67%");
  assert.equal(percent(null), "–");
});

Deno.test("describeStrikeRates() names the overall rate and the best and lowest frames", () => {
  const rows = strikeRateByFrame([
    [{ number: 1, balls: [{ mark: "X" }] }, { number: 2, balls: [{ mark: "7" }] }],
    [{ number: 1, balls: [{ mark: "X" }] }, { number: 2, balls: [{ mark: "X" }] }],
  ]);
  assert.equal(
    describeStrikeRates(rows),
    "Strikes on 3 of 4 first balls (75%). Best: frame 1, 100%. Lowest: frame 2, 50%.",
  );
  assert.equal(describeStrikeRates(strikeRateByFrame([])), "No frames bowled yet.");
});
