import type { ReadonlySignal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { Sheet as SessionSheet, SheetBall, SheetBowler } from "../../core/session_sheet.ts";
import { markWords, scoredBy, SheetNotes } from "./sheet_notes.tsx";

/**
 * The lane's score sheet for spectators, read only: a row per bowler, ten
 * frames with a box per ball (three in the tenth), running totals and the
 * game total; whoever is up is marked. The staff console draws the same
 * {@linkcode SheetTable} with marks that start a correction
 * (web/staff/score_sheet.tsx).
 */
export function ScoreSheet({ sheet }: { sheet: ReadonlySignal<SessionSheet | null> }) {
  const value = sheet.value;
  if (!value) {
    return (
      <section class="live-card sheet-card" aria-label="Score sheet" data-empty="true">
        <p class="live-card__empty">No game on this lane right now</p>
      </section>
    );
  }
  return (
    <section
      class="live-card sheet-card"
      aria-label="Score sheet"
      data-status={value.status}
      data-open-play={value.openPlay === true}
    >
      <header class="live-card__head">
        <h2 class="live-card__title">
          Score sheet
          {value.openPlay && (
            <span
              class="open-play-badge"
              data-testid="open-play"
              title="Nobody opened this game: the AI scores whoever bowls until staff name the players"
            >
              Open play
            </span>
          )}
        </h2>
        <p class="live-card__meta" data-testid="sheet-state">{sheetState(value)}</p>
      </header>
      <SheetTable sheet={value} live />
      <SheetNotes sheet={value} />
    </section>
  );
}

/** Where a ball is on the sheet, for a `renderMark` that acts on it. */
export interface MarkAt {
  bowler: SheetBowler;
  /** Frame number, 1–10. */
  frame: number;
  /** The ball's place in its frame, 1–3, in the order bowled. */
  index: number;
  /** Every ball of the frame, in the order bowled. */
  balls: readonly SheetBall[];
}

export interface SheetTableProps {
  sheet: SessionSheet;
  /**
   * The spectator page's sheet: its compact look (`sheet--live`), scrolled to
   * keep the frame being bowled in view, totals with `live-total-<name>` test ids
   * (`total-<name>` otherwise).
   */
  live?: boolean;
  /** The compact look alone (ten frames and the total fit a phone). Default: `live`. */
  compact?: boolean;
  /** The table's accessible name, where nothing around it gives one. */
  label?: string;
  /** Draws a ball's mark; by default a read-only `.sheet-mark`. */
  renderMark?: (ball: SheetBall, at: MarkAt) => ComponentChildren;
}

/** The sheet's table: a row per bowler, ten frames with a box per ball, running and game totals. */
export function SheetTable(
  { sheet, live = false, compact = live, label, renderMark = readOnlyMark }: SheetTableProps,
) {
  const wrap = useRef<HTMLDivElement>(null);
  const turn = sheet.turn;
  // On a narrow screen the sheet scrolls sideways: keep the frame being bowled in view.
  useEffect(() => {
    if (!live) return;
    const el = wrap.current;
    const cell = el?.querySelector<HTMLElement>('td[data-current="true"]');
    if (!el || !cell || el.scrollWidth <= el.clientWidth) return;
    const name = el.querySelector<HTMLElement>("th.sheet__name")?.offsetWidth ?? 0;
    const left = cell.offsetLeft - name, right = cell.offsetLeft + cell.offsetWidth;
    if (left < el.scrollLeft || right > el.scrollLeft + el.clientWidth) {
      el.scrollLeft = Math.max(0, right - el.clientWidth + cell.offsetWidth);
    }
  }, [live, turn?.bowlerId, turn?.frame]);
  return (
    <div class={compact ? "sheet-wrap sheet-wrap--live" : "sheet-wrap"} ref={wrap}>
      <table class={compact ? "sheet sheet--live" : "sheet"} aria-label={label}>
        <thead>
          <tr>
            <th class="sheet__name" scope="col">Bowler</th>
            {Array.from(
              { length: 10 },
              (_, i) => <th key={i} scope="col" class="sheet__fno" data-tenth={i === 9}>{i + 1}
              </th>,
            )}
            <th class="sheet__total" scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {sheet.bowlers.map((bowler) => (
            <BowlerRow
              key={bowler.id}
              bowler={bowler}
              upFrame={turn?.bowlerId === bowler.id ? turn.frame : null}
              totalTestId={`${live ? "live-total" : "total"}-${bowler.name}`}
              renderMark={renderMark}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BowlerRow({ bowler, upFrame, totalTestId, renderMark }: {
  bowler: SheetBowler;
  upFrame: number | null;
  totalTestId: string;
  renderMark: NonNullable<SheetTableProps["renderMark"]>;
}) {
  return (
    <tr data-bowler={bowler.name} data-up={upFrame !== null} data-removed={bowler.removed}>
      <th class="sheet__name" scope="row" title={bowler.removed ? "Removed by staff" : undefined}>
        {upFrame !== null && <span class="sheet__up" aria-label="Up now">▶</span>}
        {bowler.name}
      </th>
      {Array.from({ length: 10 }, (_, i) => {
        const frame = bowler.frames.find((f) => f.number === i + 1);
        const balls = frame?.balls ?? [];
        return (
          <td
            key={i}
            class="frame"
            data-frame={i + 1}
            data-current={upFrame === i + 1}
            data-tenth={i === 9}
          >
            <div class="frame__balls">
              {frameBoxes(frame, i === 9).map((ball, box) => (
                <span class="frame__box" key={box}>
                  {ball &&
                    renderMark(ball, {
                      bowler,
                      frame: i + 1,
                      index: balls.indexOf(ball) + 1,
                      balls,
                    })}
                </span>
              ))}
            </div>
            <div class="frame__total">{frame?.total ?? ""}</div>
          </td>
        );
      })}
      <td class="sheet__total" data-testid={totalTestId}>{bowler.total}</td>
    </tr>
  );
}

/**
 * A ball's mark: who scored it (`data-by`), whether it is in review or was
 * corrected (the reason in its tooltip; the notes under the sheet say it too).
 */
function readOnlyMark(ball: SheetBall) {
  return (
    <span
      class="sheet-mark"
      data-split={ball.split}
      data-corrected={ball.corrected}
      data-by={scoredBy(ball)}
      data-provisional={ball.provisional === true}
      title={markTitle(ball)}
      role="img"
      aria-label={`${ball.mark}${markWords(ball)}`}
    >
      {ball.mark}
    </span>
  );
}

function markTitle(ball: SheetBall): string {
  if (ball.provisional) return "In review: the AI's read may still change";
  if (ball.correction) return `Corrected by staff: ${ball.correction.reason}`;
  if (ball.corrected) return "Corrected by staff";
  return scoredBy(ball) === "ai" ? "Scored by the AI" : "Scored by staff";
}

/**
 * The balls of a frame by box: two boxes in frames 1–9 with a strike in the
 * right-hand one, as printed sheets have it; three boxes in the tenth. Pure.
 */
export function frameBoxes<B extends Pick<SheetBall, "mark">>(
  frame: { balls: readonly B[] } | undefined,
  tenth: boolean,
): (B | undefined)[] {
  const balls = frame?.balls ?? [];
  if (tenth) return [balls[0], balls[1], balls[2]];
  return balls[0]?.mark === "X" ? [undefined, balls[0]] : [balls[0], balls[1]];
}

/** "Ada is up · frame 4, ball 2", "Game over", "Session closed". Pure. */
export function sheetState(sheet: {
  status: SessionSheet["status"];
  complete: boolean;
  turn: { bowlerId: string; frame: number; ball: number } | null;
  bowlers: readonly { id: string; name: string }[];
}): string {
  if (sheet.status === "closed") return "Session closed";
  if (sheet.complete) return "Game over";
  const turn = sheet.turn;
  if (!turn) return sheet.bowlers.length ? "" : "Waiting for bowlers";
  const name = sheet.bowlers.find((b) => b.id === turn.bowlerId)?.name ?? "Next bowler";
  return `${name} is up · frame ${turn.frame}, ball ${turn.ball}`;
}
