import type { Sheet, SheetBall } from "../../core/session_sheet.ts";

/**
 * Under the spectator's score sheet: a legend of the marks (scored by the
 * AI, scored by staff, in review, corrected) and a note for every ball in
 * review or corrected, with the correction's reason, so spectators read
 * why a score changed without hovering (phones cannot). Renders nothing for
 * a sheet without balls.
 */
export function SheetNotes({ sheet }: { sheet: Sheet }) {
  const notes = ballNotes(sheet);
  if (!sheet.bowlers.some((b) => b.frames.some((f) => f.balls.length))) return null;
  return (
    <div class="sheet-notes">
      <ul class="sheet-legend" aria-label="What the marks mean">
        <li>
          <span class="sheet-legend__swatch sheet-mark" data-by="ai" aria-hidden="true">X</span>
          Scored by the AI
        </li>
        <li>
          <span class="sheet-legend__swatch sheet-mark" data-by="staff" aria-hidden="true">X</span>
          Scored by staff
        </li>
        <li>
          <span class="sheet-legend__swatch sheet-mark" data-provisional="true" aria-hidden="true">
            X
          </span>
          In review, may change
        </li>
        <li>
          <span class="sheet-legend__swatch sheet-mark" data-corrected="true" aria-hidden="true">
            X
          </span>
          Corrected by staff
        </li>
      </ul>
      {notes.length > 0 && (
        <ul class="sheet-notes__list" aria-label="Balls in review and corrections">
          {notes.map((n) => (
            <li key={n.ball.id} class="sheet-note" data-kind={n.kind} data-testid="sheet-note">
              <span class="sheet-note__where">{n.where}</span>{" "}
              {n.kind === "review" ? <span>In review: the AI's read may still change</span> : (
                <span>
                  Corrected: <q class="sheet-note__reason">{n.ball.correction!.reason}</q>
                  {n.ball.correction!.by ? ` · ${n.ball.correction!.by}` : ""}
                  {" · "}
                  <time dateTime={n.ball.correction!.at}>{clock(n.ball.correction!.at)}</time>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export interface BallNote {
  ball: SheetBall;
  kind: "review" | "correction";
  /** "Ada, frame 3 ball 1". */
  where: string;
}

/** The balls in review and the corrected balls (with a reason) of a sheet, in sheet order. Pure. */
export function ballNotes(sheet: Sheet): BallNote[] {
  const out: BallNote[] = [];
  for (const b of sheet.bowlers) {
    for (const f of b.frames) {
      f.balls.forEach((ball, i) => {
        const where = `${b.name}, frame ${f.number} ball ${i + 1}`;
        if (ball.provisional) out.push({ ball, kind: "review", where });
        else if (ball.correction) out.push({ ball, kind: "correction", where });
      });
    }
  }
  return out;
}

/** Who scored a ball, in words. Pure. */
export function scoredBy(ball: Pick<SheetBall, "source">): "ai" | "staff" {
  return ball.source === "ai" ? "ai" : "staff";
}

/** The words a screen reader adds after a ball's mark ("", ", in review", ", corrected by staff"). Pure. */
export function markWords(ball: SheetBall): string {
  const by = scoredBy(ball) === "ai" ? "scored by the AI" : "scored by staff";
  if (ball.provisional) return `, ${by}, in review`;
  if (ball.correction || ball.corrected) return ", corrected by staff";
  return `, ${by}`;
}

const clock = (iso: string) =>
  new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
