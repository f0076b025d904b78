import type { LanePlayer } from "../lane_player.ts";
import { LaneArt } from "./icons.tsx";

/** What covers the video while it is not playing: progress, camera offline, or an error. */
export function StageOverlay(
  { player, compact = false }: { player: LanePlayer; compact?: boolean },
) {
  const status = player.status.value;
  if (status === "live" || status === "idle") return null;
  const busy = status === "connecting" || status === "reconnecting";
  return (
    <div class="stage-overlay" data-status={status} data-compact={compact}>
      {status === "waiting" && <LaneArt class="stage-overlay__art" />}
      <div class="stage-overlay__card">
        {busy && <span class="spinner" aria-hidden="true" />}
        <p class="stage-overlay__title">{TITLES[status]}</p>
        {!compact && <Detail player={player} />}
        {!compact && status === "failed" && (
          <button
            type="button"
            class="button button--primary"
            onClick={() => player.retry()}
          >
            Try again
          </button>
        )}
      </div>
    </div>
  );
}

const TITLES: Record<string, string> = {
  connecting: "Connecting to the lane…",
  reconnecting: "Reconnecting…",
  waiting: "Camera offline",
  failed: "Cannot watch this lane",
};

function Detail({ player }: { player: LanePlayer }) {
  const status = player.status.value;
  if (status === "waiting") return <p class="stage-overlay__detail">Waiting for the camera</p>;
  if (status === "reconnecting") {
    const parts = [
      player.error.value,
      player.attempt.value > 0 && `attempt ${player.attempt.value}`,
    ];
    return <p class="stage-overlay__detail">{parts.filter(Boolean).join(" · ")}</p>;
  }
  if (status === "failed") return <p class="stage-overlay__detail">{player.error}</p>;
  return null;
}
