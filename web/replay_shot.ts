/**
 * Which shot an instant replay shows: the one of that id, else (the replay
 * is named after the live `pinfall` event, the shot record after its
 * release) the one released inside the replay's window, latest first.
 */
import type { LaneShot } from "./api.ts";

export interface ReplayRef {
  shotId: string;
  /** The window played, capture times (ms); absent for a stored clip. */
  fromMs?: number;
  toMs?: number;
}

export function shotForReplay(
  shots: readonly Pick<LaneShot, "id" | "releasedAtMs">[],
  ref: ReplayRef,
): string | null {
  const named = shots.find((s) => s.id === ref.shotId);
  if (named) return named.id;
  const { fromMs, toMs } = ref;
  if (fromMs === undefined || toMs === undefined) return null;
  const inside = shots.filter((s) => s.releasedAtMs >= fromMs && s.releasedAtMs <= toMs);
  inside.sort((a, b) => b.releasedAtMs - a.releasedAtMs);
  return inside[0]?.id ?? null;
}
