import { useEffect, useMemo } from "preact/hooks";
import { AccountTabs } from "../auth/account_tabs.tsx";
import type { AuthSession } from "../auth/session.ts";
import { LaneMark } from "../components/lane_mark.tsx";
import { lanePath } from "../router.ts";
import { CHECK_IN_CODE_PARAM } from "../../core/check_in.ts";
import { CheckInModel } from "./checkin_model.ts";

/**
 * What a lane's QR code opens (`/lanes/{id}/check-in?code=…`): sign in or
 * sign up, then join the lane's session with the code the address carries.
 * Without a code there is nothing to join with: the page says to scan the
 * QR code shown at the lane.
 */
export function CheckInPage({ laneId, auth }: { laneId: string; auth: AuthSession }) {
  const model = useMemo(
    () =>
      new CheckInModel(
        laneId,
        new URLSearchParams(globalThis.location?.search ?? "").get(CHECK_IN_CODE_PARAM),
        auth,
      ),
    [laneId, auth],
  );
  useEffect(() => void model.load(), [model]);
  useEffect(() => void (document.title = `Check in · Lane ${laneId} · Lanecast`), [laneId]);

  const lane = model.lane.value;
  const session = model.session.value;
  const user = auth.user.value;
  const position = model.position.value;

  return (
    <section class="auth-card checkin">
      <header class="checkin__head">
        <LaneMark id={laneId} />
        <div>
          <h1 class="auth-card__title">{lane?.name ?? `Lane ${laneId}`}</h1>
          <p class="auth-card__lede">Check in to bowl on this lane.</p>
        </div>
      </header>
      {model.error.value && <p class="form__error" role="alert">{model.error}</p>}
      {session === null && (
        <p class="notice">No game is open on this lane yet. Ask at the desk, then scan again.</p>
      )}
      {session && !model.code && (
        <p class="notice" data-testid="check-in-no-code">
          Scan the QR code shown at the lane to check in: it carries this game's code.
        </p>
      )}
      {session && (
        <p class="panel__text">
          Bowling now: {session.bowlers.map((b) => b.name).join(", ") || "nobody yet"}
        </p>
      )}
      {position !== null && (
        <div class="checkin__done" role="status">
          <p>You're on the sheet as bowler {position}. Have a great game!</p>
          <a class="button button--primary" href={lanePath(laneId)}>Watch the lane</a>
          <a class="button" href="/me/games">My games</a>
        </div>
      )}
      {session && model.code && position === null && user && (
        <button
          type="button"
          class="button button--primary button--block"
          disabled={model.busy}
          onClick={() => void model.checkIn()}
        >
          Check in as {user.displayName}
        </button>
      )}
      {session && model.code && !user && auth.status.value !== "restoring" && (
        <AccountTabs
          auth={auth}
          onDone={() => void model.checkIn()}
        />
      )}
    </section>
  );
}
