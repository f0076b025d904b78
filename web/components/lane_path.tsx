import type { ReadonlySignal } from "@preact/signals";
import {
  ARROW_SPOTS,
  BOARD_IN,
  LANE_DOT_BOARDS,
  LANE_DOTS_FT,
  LEFT_EDGE_BOARD,
  PIN_MAX_DIAMETER_IN,
  PIN_SPOTS,
  RIGHT_EDGE_BOARD,
} from "../../core/lane_geometry.ts";
import { FULL_RACK } from "../../core/pins.ts";
import type { LaneShot } from "../api.ts";
import {
  BOARD_UNITS,
  boardToY,
  DECK_END_X,
  ftToX,
  shotMarks,
  svgPath,
  toView,
  VIEW_HEIGHT,
  VIEW_WIDTH,
} from "../lane_drawing.ts";

/** Earlier shots drawn faintly behind the latest one. */
const EARLIER = 3;
const PIN_R = (PIN_MAX_DIAMETER_IN / BOARD_IN / 2) * BOARD_UNITS;
const BOARD_LINES = [5, 10, 15, 20, 25, 30, 35];

/**
 * The lane from above, foul line on the left and pins on the right, with the
 * latest ball's path (board at the arrows, breakpoint and entry marked), the
 * pins it left, and the few shots before it faintly.
 */
export function LanePath({ shots }: { shots: ReadonlySignal<LaneShot[]> }) {
  const [latest, ...rest] = shots.value;
  const earlier = rest.slice(0, EARLIER);
  const marks = latest?.metrics ? shotMarks(latest.metrics) : null;
  const standing = latest ? latest.standing : FULL_RACK;
  const rack = latest?.standingBefore ?? FULL_RACK;
  const top = boardToY(LEFT_EDGE_BOARD), bottom = boardToY(RIGHT_EDGE_BOARD);
  const foul = ftToX(0);
  return (
    <figure class="live-card lane-path" aria-label="Ball path">
      <svg
        class="lane-path__svg"
        viewBox={`0 0 ${VIEW_WIDTH} ${VIEW_HEIGHT}`}
        role="img"
        aria-label={latest ? describePath(latest) : "The lane, no ball rolled yet"}
      >
        <defs>
          <linearGradient id="lane-wood" x1="0" x2="0" y1="0" y2="1">
            <stop offset="0" stop-color="#d9b27c" />
            <stop offset="0.5" stop-color="#e8c794" />
            <stop offset="1" stop-color="#d5ab72" />
          </linearGradient>
          <clipPath id="lane-clip">
            <rect x="0" y="0" width={DECK_END_X} height={VIEW_HEIGHT} />
          </clipPath>
        </defs>
        <rect class="lane-path__approach" x="0" y="0" width={foul} height={VIEW_HEIGHT} />
        <rect class="lane-path__gutter" x={foul} y="0" width={DECK_END_X - foul} height={top} />
        <rect
          class="lane-path__gutter"
          x={foul}
          y={bottom}
          width={DECK_END_X - foul}
          height={VIEW_HEIGHT - bottom}
        />
        <rect
          x={foul}
          y={top}
          width={DECK_END_X - foul}
          height={bottom - top}
          fill="url(#lane-wood)"
        />
        <rect
          class="lane-path__pit"
          x={DECK_END_X}
          y="0"
          width={VIEW_WIDTH - DECK_END_X}
          height={VIEW_HEIGHT}
        />
        {BOARD_LINES.map((b) => (
          <line
            key={b}
            class="lane-path__board"
            x1={foul}
            x2={DECK_END_X}
            y1={boardToY(b + 0.5)}
            y2={boardToY(b + 0.5)}
          />
        ))}
        <line class="lane-path__foul" x1={foul} x2={foul} y1={top} y2={bottom} />
        {LANE_DOT_BOARDS.map((b) => (
          <circle
            key={b}
            class="lane-path__dot"
            cx={ftToX(LANE_DOTS_FT)}
            cy={boardToY(b)}
            r="1.6"
          />
        ))}
        {ARROW_SPOTS.map((a) => {
          const tip = toView(a);
          const w = BOARD_UNITS * 0.9;
          return (
            <path
              key={a.board}
              class="lane-path__arrow"
              d={`M${tip.x} ${tip.y} L${tip.x - 16} ${tip.y - w} L${tip.x - 16} ${tip.y + w} Z`}
            />
          );
        })}
        {PIN_SPOTS.map((spot, i) => {
          const p = toView(spot);
          const bit = 1 << i;
          const state = standing & bit ? "up" : rack & bit ? "down" : "gone";
          return (
            <circle
              key={i}
              class="lane-path__pin"
              data-state={state}
              cx={p.x}
              cy={p.y}
              r={PIN_R}
            />
          );
        })}
        <g clip-path="url(#lane-clip)">
          {earlier.map((s) => (
            <path key={s.id} class="lane-path__line lane-path__line--old" d={shotD(s)} />
          ))}
          {latest && (
            <path
              key={latest.id}
              class="lane-path__line"
              data-testid="lane-path-line"
              d={shotD(latest)}
              pathLength={1}
            />
          )}
          {marks && (
            <>
              <Marker kind="arrows" at={toView(marks.arrows)} />
              <Marker kind="breakpoint" at={toView(marks.breakpoint)} />
              <Marker kind="entry" at={toView(marks.entry)} />
            </>
          )}
        </g>
      </svg>
      <figcaption class="lane-path__legend">
        {marks && (
          <>
            <span class="lane-path__key" data-kind="arrows">At the arrows</span>
            <span class="lane-path__key" data-kind="breakpoint">Breakpoint</span>
            <span class="lane-path__key" data-kind="entry">Entry</span>
          </>
        )}
        <span class="lane-path__note">Lane shortened to fit; pin deck to scale</span>
      </figcaption>
    </figure>
  );
}

function Marker(
  { kind, at }: { kind: "arrows" | "breakpoint" | "entry"; at: { x: number; y: number } },
) {
  if (kind === "breakpoint") {
    const r = 7;
    return (
      <path
        class="lane-path__mark"
        data-kind={kind}
        d={`M${at.x} ${at.y - r} L${at.x + r} ${at.y} L${at.x} ${at.y + r} L${at.x - r} ${at.y} Z`}
      />
    );
  }
  return <circle class="lane-path__mark" data-kind={kind} cx={at.x} cy={at.y} r="5" />;
}

function shotD(shot: LaneShot): string {
  return svgPath(shot.path.map(toView));
}

function describePath(shot: LaneShot): string {
  const m = shot.metrics;
  if (!m) return "The lane; the last ball's path was not seen";
  return `The last ball's path: board ${m.arrowsBoard.toFixed(1)} at the arrows, breakpoint board ${
    m.breakpointBoard.toFixed(1)
  } at ${Math.round(m.breakpointFt)} ft, entering at board ${m.entryBoard.toFixed(1)}`;
}
