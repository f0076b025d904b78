/**
 * `/me/games/{sessionId}`: the score sheet of one game the signed-in person
 * bowled, read only, their row first named as theirs.
 */
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { ShotPoint } from "../../core/my_games.ts";
import type { Sheet } from "../../core/session_sheet.ts";
import { ApiError } from "../api.ts";
import type { AuthSession } from "../auth/session.ts";
import { SheetTable } from "../components/score_sheet.tsx";
import { formatMetric, shortDate } from "./chart_text.ts";
import { type GamesApi, MY_GAMES_PATH, myGamePath } from "./games_api.ts";
import { SignInFirst } from "./signed_out.tsx";

export function MyGamePage(
  { api, auth, sessionId }: { api: GamesApi; auth: AuthSession; sessionId: string },
) {
  useEffect(() => void (document.title = "Game · My games · Lanecast"), []);
  const userId = auth.user.value?.id;
  const sheet = useSignal<Sheet | null>(null);
  const error = useSignal<string | null>(null);
  const shots = useSignal<ShotPoint[] | null>(null);
  const sheetBox = useRef<HTMLDivElement>(null);
  // Where the sheet scrolls sideways (between phone and desktop widths) its box takes the keyboard's focus.
  useEffect(() => {
    const wrap = sheetBox.current?.querySelector(".sheet-wrap");
    if (!wrap || wrap.hasAttribute("tabindex")) return;
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", "Score sheet");
  });
  useEffect(() => {
    if (!userId) return;
    const abort = new AbortController();
    api.stats(abort.signal).then(
      (s) => shots.value = s.shots.filter((p) => p.sessionId === sessionId),
      () => {}, // the sheet is the page; the table of tracked balls is a bonus
    );
    api.game(sessionId, abort.signal).then((s) => {
      sheet.value = s;
      error.value = null;
    }, (e) => {
      if (abort.signal.aborted) return;
      error.value = e instanceof ApiError && e.code === "unknown_game"
        ? "This game is not one of yours, or it does not exist."
        : "We could not load this game. Try again shortly.";
    });
    return () => abort.abort();
  }, [userId, sessionId]);
  if (!userId) return <SignInFirst auth={auth} next={myGamePath(sessionId)} />;

  const value = sheet.value;
  const me = value?.bowlers.find((b) => b.userId === userId);
  return (
    <section class="page game-page">
      <p class="game-page__back">
        <a href={MY_GAMES_PATH}>← All my games</a>
      </p>
      <header class="page-head">
        <h1 class="page-head__title">
          {value ? `Lane ${value.laneId} · ${shortDate(value.openedAt)}` : "Game"}
        </h1>
        {me && (
          <p class="page-head__lede" data-testid="my-total">
            You bowled as {me.name}: {me.total}
            {me.complete ? "" : " so far"}
            {value?.status === "open" ? " (game in play)" : ""}
          </p>
        )}
      </header>
      {error.value && <p class="form__error" role="alert">{error.value}</p>}
      {!value && !error.value && <span class="shimmer shimmer--line" aria-hidden="true" />}
      {value && (
        <div class="game-page__sheet" ref={sheetBox}>
          <SheetTable sheet={mineFirst(value, userId)} label="Score sheet of this game" compact />
        </div>
      )}
      {value && shots.value && shots.value.length > 0 && <GameShots shots={shots.value} />}
    </section>
  );
}

/** The person's balls of this game that the AI tracked, with their metrics. */
function GameShots({ shots }: { shots: readonly ShotPoint[] }) {
  return (
    <section class="panel game-shots" aria-labelledby="game-shots-heading">
      <h2 class="games-section__title" id="game-shots-heading">Your tracked balls</h2>
      <div
        class="chart__table-wrap"
        tabIndex={0}
        role="region"
        aria-labelledby="game-shots-heading"
      >
        <table class="chart__table">
          <thead>
            <tr>
              <th scope="col">Frame</th>
              <th scope="col">Ball</th>
              <th scope="col">Speed</th>
              <th scope="col">Arrows</th>
              <th scope="col">Entry angle</th>
            </tr>
          </thead>
          <tbody>
            {shots.map((p) => (
              <tr key={p.shotId} data-shot={p.shotId}>
                <td>{p.frame}</td>
                <td>{p.ball} ({p.mark})</td>
                <td>{formatMetric(p.launchSpeedMph, "mph")}</td>
                <td>{formatMetric(p.arrowsBoard, "board")}</td>
                <td>{formatMetric(p.entryAngleDeg, "deg")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The sheet with the person's own row first. */
function mineFirst(sheet: Sheet, userId: string): Sheet {
  const mine = sheet.bowlers.filter((b) => b.userId === userId);
  return { ...sheet, bowlers: [...mine, ...sheet.bowlers.filter((b) => b.userId !== userId)] };
}
