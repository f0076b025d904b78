import { type MarkAt, SheetTable } from "../components/score_sheet.tsx";
import { scoredBy, sourceMark } from "./ai_scoring.ts";
import type { SessionModel } from "./session_model.ts";
import type { SheetBall } from "./staff_api.ts";

/**
 * The session's score sheet in the console: the spectators' table
 * (web/components/score_sheet.tsx) whose marks are buttons; tapping one picks
 * that ball for correction. Each mark says who scored it (AI or staff), and
 * whether it is corrected or in review, with a legend under the sheet.
 */
export function ScoreSheet({ model }: { model: SessionModel }) {
  const sheet = model.sheet.value;
  if (!sheet) return null;
  return (
    <div class="console-sheet">
      <SheetTable
        sheet={sheet}
        label="Score sheet"
        renderMark={(ball, at) => <CorrectableMark ball={ball} at={at} model={model} />}
      />
      <p class="console-sheet__legend" data-testid="sheet-legend">
        <span class="console-sheet__key">
          <span class="mark__src" data-src="AI">AI</span> scored by the AI
        </span>
        <span class="console-sheet__key">
          <span class="mark__src" data-src="S">S</span> entered or corrected by staff
        </span>
        <span class="console-sheet__key">
          <span class="console-sheet__dot" aria-hidden="true" /> corrected
        </span>
        <span class="console-sheet__key">
          <span class="console-sheet__review" aria-hidden="true" /> in review (may change)
        </span>
      </p>
    </div>
  );
}

function CorrectableMark(
  { ball, at, model }: { ball: SheetBall; at: MarkAt; model: SessionModel },
) {
  const { bowler, frame, index, balls } = at;
  const picked = model.correcting.value;
  const about = whoAndWhy(ball);
  return (
    <button
      type="button"
      class="mark"
      data-split={ball.split}
      data-corrected={ball.corrected}
      data-provisional={ball.provisional === true}
      title={about}
      data-source={ball.source}
      data-by={sourceMark(ball)}
      aria-pressed={picked?.ball.id === ball.id}
      aria-label={`${bowler.name}, frame ${frame}, ball ${index}: ${
        describeMark(ball)
      }. ${about}. Correct it`}
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

/** "Scored by the AI, in review", "Corrected by staff: the 10 fell late". */
function whoAndWhy(ball: SheetBall): string {
  const reason = ball.correction?.reason;
  return `${scoredBy(ball)}${ball.provisional ? ", in review" : ""}${reason ? `: ${reason}` : ""}`;
}

function describeMark(ball: SheetBall): string {
  if (ball.foul) return "foul";
  if (ball.mark === "X") return "strike";
  if (ball.mark === "/") return "spare";
  if (ball.mark === "-") return "no pins";
  return `${ball.pins} pins${ball.split ? ", split" : ""}`;
}
