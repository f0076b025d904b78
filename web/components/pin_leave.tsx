import { FULL_RACK, pinsOf } from "../../core/pins.ts";

/** Pin spots as the bowler sees the deck: [pin, x in half spacings, row from the back]. */
const SPOTS: readonly (readonly [number, number, number])[] = [
  [7, -3, 0],
  [8, -1, 0],
  [9, 1, 0],
  [10, 3, 0],
  [4, -2, 1],
  [5, 0, 1],
  [6, 2, 1],
  [2, -1, 2],
  [3, 1, 2],
  [1, 0, 3],
];
const HALF = 9;
const ROW = 15.6;
const R = 6.2;

export interface PinLeaveProps {
  /** Pins standing after the ball (bit i = pin i + 1). */
  standing: number;
  /** Pins standing before it; null when unknown (a full rack is assumed). */
  before?: number | null;
  size?: number;
}

/**
 * The ten pins after a ball, read only: standing pins white, pins this ball
 * knocked down as rings, pins already down before it faint.
 */
export function PinLeave({ standing, before = FULL_RACK, size = 84 }: PinLeaveProps) {
  const rack = before ?? FULL_RACK;
  const left = pinsOf(standing);
  const w = 6 * HALF + 2 * R + 4;
  const h = 3 * ROW + 2 * R + 4;
  return (
    <svg
      class="pin-leave"
      viewBox={`${-w / 2} ${-R - 2} ${w} ${h}`}
      width={size}
      height={(size * h) / w}
      role="img"
      aria-label={left.length ? `Pins standing: ${left.join(", ")}` : "No pins standing"}
    >
      {SPOTS.map(([pin, x, row]) => {
        const bit = 1 << (pin - 1);
        const state = standing & bit ? "up" : rack & bit ? "down" : "gone";
        return (
          <g key={pin} class="pin-leave__pin" data-pin={pin} data-state={state}>
            <circle cx={x * HALF} cy={row * ROW} r={R} />
            {state === "up" && (
              <text x={x * HALF} y={row * ROW} dy="0.35em" text-anchor="middle">{pin}</text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
