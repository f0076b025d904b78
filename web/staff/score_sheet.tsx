import type { SessionModel } from "./session_model.ts";
import type { SheetBall, SheetBowler, SheetFrame } from "./staff_api.ts";

/**
 * The classic score sheet: a row per bowler, ten frames with a box per ball
 * (three in the tenth), the running total under them, and the game total.
 * Tapping a ball's mark picks it for correction.
 */
export function ScoreSheet({ model }: { model: SessionModel }) {
  const sheet = model.sheet.value;
  if (!sheet) return null;
  const turn = sheet.turn;
  return (
    <div class="sheet-wrap">
      <table class="sheet" aria-label="Score sheet">
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
              model={model}
              upFrame={turn?.bowlerId === bowler.id ? turn.frame : null}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BowlerRow(
  { bowler, model, upFrame }: { bowler: SheetBowler; model: SessionModel; upFrame: number | null },
) {
  return (
    <tr data-bowler={bowler.name} data-up={upFrame !== null}>
      <th class="sheet__name" scope="row">
        {upFrame !== null && <span class="sheet__up" aria-label="Up now">▶</span>}
        {bowler.name}
      </th>
      {Array.from({ length: 10 }, (_, i) => {
        const frame = bowler.frames.find((f) => f.number === i + 1);
        return (
          <FrameCell
            key={i}
            number={i + 1}
            frame={frame}
            bowler={bowler}
            model={model}
            current={upFrame === i + 1}
          />
        );
      })}
      <td class="sheet__total" data-testid={`total-${bowler.name}`}>{bowler.total}</td>
    </tr>
  );
}

function FrameCell(
  { number, frame, bowler, model, current }: {
    number: number;
    frame: SheetFrame | undefined;
    bowler: SheetBowler;
    model: SessionModel;
    current: boolean;
  },
) {
  const balls = frame?.balls ?? [];
  const tenth = number === 10;
  // Frames 1–9 put a strike in the right-hand box, as printed sheets do.
  const boxes: (SheetBall | undefined)[] = tenth
    ? [balls[0], balls[1], balls[2]]
    : balls[0]?.mark === "X"
    ? [undefined, balls[0]]
    : [balls[0], balls[1]];
  const picked = model.correcting.value;
  return (
    <td class="frame" data-frame={number} data-current={current} data-tenth={tenth}>
      <div class="frame__balls">
        {boxes.map((ball, i) => (
          <span class="frame__box" key={i}>
            {ball && (
              <button
                type="button"
                class="mark"
                data-split={ball.split}
                data-corrected={ball.corrected}
                title={ball.corrected ? "Corrected" : undefined}
                data-source={ball.source}
                aria-pressed={picked?.ball.id === ball.id}
                aria-label={`${bowler.name}, frame ${number}, ball ${balls.indexOf(ball) + 1}: ${
                  describeMark(ball)
                }. Correct it`}
                onClick={() =>
                  model.startCorrection(
                    {
                      ball,
                      bowlerId: bowler.id,
                      bowlerName: bowler.name,
                      frame: number,
                      index: balls.indexOf(ball) + 1,
                    },
                    balls,
                  )}
              >
                {ball.mark}
              </button>
            )}
          </span>
        ))}
      </div>
      <div class="frame__total">{frame?.total ?? ""}</div>
    </td>
  );
}

function describeMark(ball: SheetBall): string {
  if (ball.foul) return "foul";
  if (ball.mark === "X") return "strike";
  if (ball.mark === "/") return "spare";
  if (ball.mark === "-") return "no pins";
  return `${ball.pins} pins${ball.split ? ", split" : ""}`;
}
