import type { ComponentChildren } from "preact";
import type { LiveLaneModel } from "../live_lane_model.ts";
import { LanePath } from "./lane_path.tsx";
import { ScoreSheet } from "./score_sheet.tsx";
import { ShotCard } from "./shot_card.tsx";

/** Everything live under the video: the score sheet, the last ball and its path, then `children`. */
export function LaneLive(
  { model, children }: { model: LiveLaneModel; children?: ComponentChildren },
) {
  return (
    <div class="lane-live" data-status={model.status}>
      <LiveStatusNote model={model} />
      <AiPhase model={model} />
      <ScoreSheet sheet={model.sheet} />
      <div class="lane-live__shot">
        <ShotCard shot={model.latestShot} />
        <LanePath shots={model.shots} />
      </div>
      {children}
    </div>
  );
}

function LiveStatusNote({ model }: { model: LiveLaneModel }) {
  if (model.status.value !== "retrying") return null;
  return <p class="lane-live__note" role="status">Reconnecting to live scores…</p>;
}

const PHASE_TEXT = {
  approach: "Bowler on the approach",
  released: "Ball rolling",
  pinfall: "Pins down",
  "rack-ready": "Ready for the next ball",
} as const;

/** What the AI says the lane is doing now (from its live events). */
function AiPhase({ model }: { model: LiveLaneModel }) {
  const state = model.aiState.value;
  if (!state) return null;
  return (
    <p class="lane-live__phase" data-phase={state.phase} role="status">
      {PHASE_TEXT[state.phase]}
    </p>
  );
}
