/**
 * Strike rate on the first ball of each frame, 1 to 10, as bars from 0 to
 * 100 % (a 0 % bar is a thin one); a frame never bowled has a grey dash. Its text
 * alternative names the overall rate and the best and lowest frames; the
 * numbers are in a table under the chart.
 */
import type { FrameStrikeRate } from "../../core/my_games.ts";
import { ChartFigure, plotArea, XAxis, YAxis } from "./chart_parts.tsx";
import { linearScale } from "./chart_scale.ts";
import { describeStrikeRates, percent } from "./chart_text.ts";

const TICKS = [0, 0.25, 0.5, 0.75, 1];
/** Height of a 0 % bar, px: bowled and no strike, unlike a frame never bowled (a dash). */
const ZERO_BAR = 3;

export function StrikeRateChart({ rows }: { rows: readonly FrameStrikeRate[] }) {
  return (
    <ChartFigure
      id="strike-rate"
      heading="Strike rate by frame"
      summary={describeStrikeRates(rows)}
      table={<RateTable rows={rows} />}
    >
      {(width) => {
        const area = plotArea(width);
        const y = linearScale([0, 1], [area.bottom, area.top]);
        const slot = (area.right - area.left) / rows.length;
        const barWidth = Math.max(6, Math.min(40, slot * 0.62));
        const mid = (i: number) => area.left + slot * (i + 0.5);
        return (
          <>
            <YAxis ticks={TICKS} y={y} width={width} title="Strikes, %" format={percent} />
            <XAxis
              ticks={rows.map((r, i) => ({ x: mid(i), label: String(r.frame) }))}
              width={width}
              title="Frame"
            />
            {rows.map((r, i) =>
              r.rate === null
                ? (
                  <line
                    key={r.frame}
                    class="chart__none"
                    x1={mid(i) - barWidth / 2}
                    x2={mid(i) + barWidth / 2}
                    y1={area.bottom - 1}
                    y2={area.bottom - 1}
                  />
                )
                : (
                  <rect
                    key={r.frame}
                    class="chart__bar"
                    data-frame={r.frame}
                    x={mid(i) - barWidth / 2}
                    y={Math.min(y(r.rate), area.bottom - ZERO_BAR)}
                    width={barWidth}
                    height={Math.max(ZERO_BAR, area.bottom - y(r.rate))}
                    rx="3"
                  />
                )
            )}
          </>
        );
      }}
    </ChartFigure>
  );
}

function RateTable({ rows }: { rows: readonly FrameStrikeRate[] }) {
  return (
    <table class="chart__table">
      <thead>
        <tr>
          <th scope="col">Frame</th>
          <th scope="col">Strikes</th>
          <th scope="col">Rate</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.frame}>
            <td>{r.frame}</td>
            <td>{r.strikes} of {r.chances}</td>
            <td>{percent(r.rate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
