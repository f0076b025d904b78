import { type MarkAt, SheetTable } from "../components/score_sheet.tsx";
import type { SessionModel } from "./session_model.ts";
import type { SheetBall } from "./staff_api.ts";

/**
 * The session's score sheet in the console: the spectators' table
 * (web/components/score_sheet.tsx) whose marks are buttons; tapping one picks
 * that ball for correction.
 */
export function ScoreSheet({ model }: { model: SessionModel }) {
  const sheet = model.sheet.value;
  if (!sheet) return null;
  return (
    <SheetTable
      sheet={sheet}
      label="Score sheet"
      renderMark={(ball, at) => <CorrectableMark ball={ball} at={at} model={model} />}
    />
  );
}

function CorrectableMark(
  { ball, at, model }: { ball: SheetBall; at: MarkAt; model: SessionModel },
) {
  const { bowler, frame, index, balls } = at;
  const picked = model.correcting.value;
  return (
    <button
      type="button"
      class="mark"
      data-split={ball.split}
      data-corrected={ball.corrected}
      title={ball.corrected ? "Corrected" : undefined}
      data-source={ball.source}
      aria-pressed={picked?.ball.id === ball.id}
      aria-label={`${bowler.name}, frame ${frame}, ball ${index}: ${
        describeMark(ball)
      }. Correct it`}
      onClick={() =>
        model.startCorrection(
          { ball, bowlerId: bowler.id, bowlerName: bowler.name, frame, index },
          balls,
        )}
    >
      {ball.mark}
    </button>
  );
}

function describeMark(ball: SheetBall): string {
  if (ball.foul) return "foul";
  if (ball.mark === "X") return "strike";
  if (ball.mark === "/") return "spare";
  if (ball.mark === "-") return "no pins";
  return `${ball.pins} pins${ball.split ? ", split" : ""}`;
}
