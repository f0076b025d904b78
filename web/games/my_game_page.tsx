/**
 * `/me/games/{sessionId}`: the score sheet of one game the signed-in person
 * bowled, read only, their row first named as theirs.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { Sheet } from "../../core/session_sheet.ts";
import { ApiError } from "../api.ts";
import type { AuthSession } from "../auth/session.ts";
import { SheetTable } from "../components/score_sheet.tsx";
import { shortDate } from "./chart_text.ts";
import { type GamesApi, MY_GAMES_PATH, myGamePath } from "./games_api.ts";
import { SignInFirst } from "./signed_out.tsx";

export function MyGamePage(
  { api, auth, sessionId }: { api: GamesApi; auth: AuthSession; sessionId: string },
) {
  useEffect(() => void (document.title = "Game · My games · Lanecast"), []);
  const userId = auth.user.value?.id;
  const sheet = useSignal<Sheet | null>(null);
  const error = useSignal<string | null>(null);
  useEffect(() => {
    if (!userId) return;
    const abort = new AbortController();
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
        <div class="panel game-page__sheet">
          <SheetTable sheet={mineFirst(value, userId)} label="Score sheet of this game" />
        </div>
      )}
    </section>
  );
}

/** The sheet with the person's own row first. */
function mineFirst(sheet: Sheet, userId: string): Sheet {
  const mine = sheet.bowlers.filter((b) => b.userId === userId);
  return { ...sheet, bowlers: [...mine, ...sheet.bowlers.filter((b) => b.userId !== userId)] };
}
