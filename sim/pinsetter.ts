/**
 * The pinsetter cycle after pins settle: the sweep bar drops to its guard
 * position, the table lifts the standing pins (when they are to be
 * respotted), the bar sweeps deadwood into the pit and comes back, the table
 * lowers the next set of pins, and the bar rises out of sight.
 */
import { PIN_DECK_END_FT } from "../core/lane_geometry.ts";

/** Sweep bar guard position, in front of the head pin, feet. */
export const SWEEP_GUARD_FT = 58.7;
/** How far back the bar sweeps, feet. */
export const SWEEP_BACK_FT = PIN_DECK_END_FT + 1.2;
/** Height of the raised bar and table, hidden behind the masking unit, feet. */
export const PINSETTER_UP_FT = 3.2;

const PHASES = {
  drop: [0, 0.35],
  lift: [0.35, 0.75],
  sweep: [0.75, 1.25],
  back: [1.25, 1.6],
  lower: [1.6, 2.05],
  rise: [2.05, 2.35],
} as const;

/** Seconds from the start of a cycle to the next rack standing and the bar gone. */
export const PINSETTER_CYCLE_S = PHASES.rise[1];

export interface PinsetterState {
  /** Sweep bar position (feet) and the height of its lower edge (feet). */
  barFt: number;
  barZ: number;
  /** Height of pins lifted by the table (the pins left standing, when respotting). */
  liftZ: number;
  /** Height of the pins being set for the next ball; null until they appear. */
  lowerZ: number | null;
  /** True once the old pins are gone (lifted away or swept into the pit). */
  cleared: boolean;
}

function progress(t: number, [a, b]: readonly [number, number]): number {
  const k = Math.min(1, Math.max(0, (t - a) / (b - a)));
  return k * k * (3 - 2 * k);
}

/** State `t` seconds into the cycle (t < 0: not started; t ≥ cycle: done). */
export function pinsetterAt(t: number): PinsetterState {
  const down = progress(t, PHASES.drop) - progress(t, PHASES.rise);
  const swept = progress(t, PHASES.sweep) - progress(t, PHASES.back);
  const lowering = progress(t, PHASES.lower);
  return {
    barFt: SWEEP_GUARD_FT + (SWEEP_BACK_FT - SWEEP_GUARD_FT) * swept,
    barZ: PINSETTER_UP_FT * (1 - down),
    liftZ: PINSETTER_UP_FT * progress(t, PHASES.lift),
    lowerZ: t >= PHASES.lower[0] ? PINSETTER_UP_FT * (1 - lowering) : null,
    cleared: t >= PHASES.sweep[1],
  };
}
