/**
 * The AI's accuracy goals (docs/benchmarks.md, "AI end to end") and which of
 * them a set of evaluation figures misses. Pure.
 */
import type { EvalFigures } from "./eval_match.ts";

export interface Goal {
  figure: keyof EvalFigures;
  /** "min": the figure must be at least `value`; "max": at most. */
  kind: "min" | "max";
  value: number;
}

export const ACCURACY_GOALS: readonly Goal[] = [
  { figure: "pinStateExact", kind: "min", value: 0.999 },
  { figure: "autoSettled", kind: "min", value: 0.98 },
  { figure: "wrongAutoSettled", kind: "max", value: 0 },
  { figure: "speedMaeMph", kind: "max", value: 0.2 },
  { figure: "arrowsBoardMae", kind: "max", value: 0.25 },
  { figure: "entryAngleMaeDeg", kind: "max", value: 0.5 },
];

/** The goals not met, as "figure value (goal ≥ x)"; a figure that is missing (no shots) misses. */
export function unmetGoals(figures: EvalFigures, goals = ACCURACY_GOALS): string[] {
  const out: string[] = [];
  for (const g of goals) {
    const v = figures[g.figure];
    const ok = typeof v === "number" && Number.isFinite(v) &&
      (g.kind === "min" ? v >= g.value : v <= g.value);
    if (!ok) {
      out.push(`${g.figure} ${v ?? "none"} (goal ${g.kind === "min" ? "≥" : "≤"} ${g.value})`);
    }
  }
  return out;
}
