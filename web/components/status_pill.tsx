import type { LanePlayer } from "../lane_player.ts";

/** The player's state as a small pill: LIVE, Connecting…, Camera offline… */
export function StatusPill({ player }: { player: LanePlayer }) {
  return (
    <span class="pill" data-status={player.status} role="status">
      <span class="pill__dot" aria-hidden="true" />
      {player.statusLabel}
    </span>
  );
}
