/**
 * A metric of every tracked ball, oldest to newest, as a line with a dot
 * per ball: the y axis in the metric's unit, the x axis the balls in order.
 * Its text alternative says the count, dates, low, high, average and latest;
 * the numbers are in a table under the chart.
 */
import type { ShotPoint } from "../../core/my_games.ts";
import { ChartFigure, plotArea, XAxis, YAxis } from "./chart_parts.tsx";
import { indexTicks, linearScale, niceTicks } from "./chart_scale.ts";
import { describeSeries, shortDate } from "./chart_text.ts";

export interface LineChartProps {
  id: string;
  heading: string;
  /** Title of the y axis, with its unit. */
  axis: string;
  points: readonly ShotPoint[];
  value: (p: ShotPoint) => number;
  /** A value with its unit, for the summary and the table. */
  format: (v: number) => string;
}

export function LineChart({ id, heading, axis, points, value, format }: LineChartProps) {
  const series = points.map((p) => ({ at: p.at, value: value(p) }));
  return (
    <ChartFigure
      id={id}
      heading={heading}
      summary={describeSeries(series, format)}
      table={<SeriesTable points={points} values={series.map((s) => s.value)} format={format} />}
    >
      {(width) => {
        const area = plotArea(width);
        const values = series.map((s) => s.value);
        const ticks = niceTicks(Math.min(...values, Infinity), Math.max(...values, -Infinity), 5);
        const y = linearScale([ticks[0], ticks[ticks.length - 1]], [area.bottom, area.top]);
        const x = linearScale([1, Math.max(2, series.length)], [area.left + 8, area.right - 8]);
        const dots = values.map((v, i) => [x(i + 1), y(v)] as const);
        return (
          <>
            <YAxis
              ticks={ticks}
              y={y}
              width={width}
              title={axis}
              format={(v) => String(v)}
            />
            <XAxis
              ticks={indexTicks(series.length).map((n) => ({ x: x(n), label: String(n) }))}
              width={width}
              title="Balls, oldest to newest"
            />
            {dots.length > 1 && (
              <polyline
                class="chart__line"
                points={dots.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(" ")}
              />
            )}
            {dots.map(([a, b], i) => (
              <circle key={i} class="chart__dot" cx={a} cy={b} r={dots.length > 60 ? 2 : 3.5} />
            ))}
          </>
        );
      }}
    </ChartFigure>
  );
}

function SeriesTable(
  { points, values, format }: {
    points: readonly ShotPoint[];
    values: readonly number[];
    format: (v: number) => string;
  },
) {
  return (
    <table class="chart__table">
      <thead>
        <tr>
          <th scope="col">Ball</th>
          <th scope="col">Date</th>
          <th scope="col">Frame</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {points.map((p, i) => (
          <tr key={p.shotId}>
            <td>{i + 1}</td>
            <td>{shortDate(p.at)}</td>
            <td>{p.frame}, ball {p.ball} ({p.mark})</td>
            <td>{format(values[i])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
