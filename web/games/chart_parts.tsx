/**
 * What the My games charts share: the width they are drawn at (their box's,
 * so text stays its real size on a phone), the plot area inside the axes,
 * and the y axis with its grid lines, tick labels and title.
 * @module
 */
import type { ComponentChildren, RefObject } from "preact";
import { useLayoutEffect, useRef, useState } from "preact/hooks";

/** Height of every chart, px. */
export const CHART_HEIGHT = 220;
/** Space for the axes: left for the y labels and title, bottom for the x labels and title. */
export const MARGIN = { top: 14, right: 14, bottom: 44, left: 56 } as const;

/** The plot area of a chart `width` wide, in the SVG's pixels. */
export function plotArea(width: number) {
  return {
    left: MARGIN.left,
    right: Math.max(MARGIN.left + 40, width - MARGIN.right),
    top: MARGIN.top,
    bottom: CHART_HEIGHT - MARGIN.bottom,
  };
}

/** The width of the element behind `ref`, kept current as it resizes (`fallback` before layout). */
export function useWidth(fallback = 600): [RefObject<HTMLDivElement>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(200, Math.floor(el.clientWidth)));
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** Horizontal grid lines with their labels at `ticks`, and the axis title turned up the left side. */
export function YAxis(
  { ticks, y, width, title, format }: {
    ticks: readonly number[];
    y: (v: number) => number;
    width: number;
    title: string;
    format: (v: number) => string;
  },
) {
  const area = plotArea(width);
  return (
    <g class="chart__axis chart__axis--y" aria-hidden="true">
      {ticks.map((t) => (
        <g key={t}>
          <line class="chart__grid" x1={area.left} x2={area.right} y1={y(t)} y2={y(t)} />
          <text class="chart__tick" x={area.left - 6} y={y(t)} dy="0.32em" text-anchor="end">
            {format(t)}
          </text>
        </g>
      ))}
      <text
        class="chart__title"
        transform={`translate(14 ${(area.top + area.bottom) / 2}) rotate(-90)`}
        text-anchor="middle"
      >
        {title}
      </text>
    </g>
  );
}

/** The x axis line, labels under it at `ticks` (already in pixels) and its title. */
export function XAxis(
  { ticks, width, title }: {
    ticks: readonly { x: number; label: string }[];
    width: number;
    title: string;
  },
) {
  const area = plotArea(width);
  return (
    <g class="chart__axis chart__axis--x" aria-hidden="true">
      <line
        class="chart__baseline"
        x1={area.left}
        x2={area.right}
        y1={area.bottom}
        y2={area.bottom}
      />
      {ticks.map((t) => (
        <text key={t.label} class="chart__tick" x={t.x} y={area.bottom + 16} text-anchor="middle">
          {t.label}
        </text>
      ))}
      <text
        class="chart__title"
        x={(area.left + area.right) / 2}
        y={CHART_HEIGHT - 6}
        text-anchor="middle"
      >
        {title}
      </text>
    </g>
  );
}

/**
 * A chart's figure: its heading, the SVG (an image named by `summary`, which
 * says in words what the chart shows), and the numbers behind it in a table
 * under "The numbers".
 */
export function ChartFigure(
  { id, heading, summary, children, table }: {
    id: string;
    heading: string;
    summary: string;
    children: (width: number) => ComponentChildren;
    table: ComponentChildren;
  },
) {
  const [ref, width] = useWidth();
  return (
    <figure class="chart" data-chart={id} aria-labelledby={`${id}-heading`}>
      <h3 class="chart__heading" id={`${id}-heading`}>{heading}</h3>
      <div class="chart__box" ref={ref}>
        <svg
          class="chart__svg"
          width={width}
          height={CHART_HEIGHT}
          viewBox={`0 0 ${width} ${CHART_HEIGHT}`}
          role="img"
          aria-labelledby={`${id}-heading ${id}-summary`}
        >
          {children(width)}
        </svg>
      </div>
      <figcaption class="chart__summary" id={`${id}-summary`}>{summary}</figcaption>
      <details class="chart__numbers">
        <summary>The numbers</summary>
        <div class="chart__table-wrap">{table}</div>
      </details>
    </figure>
  );
}
