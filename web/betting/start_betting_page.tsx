import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { AccountTabs } from "../auth/account_tabs.tsx";
import type { AuthSession } from "../auth/session.ts";
import { FormError, TextField, useSubmit } from "../components/form_field.tsx";
import { nextPath, type Router } from "../router.ts";
import type { BettingApi } from "./betting_api.ts";
import { DemoTag } from "./money_view.tsx";
import { MY_BETS_PATH, WALLET_PATH } from "./paths.ts";

export interface StartBettingPageProps {
  auth: AuthSession;
  api: Pick<BettingApi, "becomeBettor">;
  router: Pick<Router, "navigate">;
  /** The minimum age the server enforces, for the terms text. Default 18. */
  minAge?: number;
}

/**
 * "Start betting" (`/betting?next=…`): signed-out visitors create an account
 * or sign in first; a spectator gives their date of birth and accepts the
 * terms (`POST /api/me/betting`); the server says no to the too young and to
 * staff, and the page shows its reason.
 */
export function StartBettingPage({ auth, api, router, minAge = 18 }: StartBettingPageProps) {
  useEffect(() => void (document.title = "Start betting · Lanecast"), []);
  const user = auth.user.value;
  const done = () => router.navigate(nextPath(location.search, WALLET_PATH), { replace: true });

  return (
    <section class="auth-card start-betting">
      <h1 class="auth-card__title">Start betting</h1>
      <p class="auth-card__lede">
        Bet on each ball as it is bowled, with <DemoTag />{" "}
        from the sandbox: nothing here is real money.
      </p>
      {!user && auth.status.value === "restoring" && (
        <span class="shimmer shimmer--line" aria-hidden="true" />
      )}
      {!user && auth.status.value === "signedOut" && (
        <AccountTabs auth={auth} signupLabel="Create account" />
      )}
      {user?.role === "bettor" && (
        <div class="checkin__done" role="status">
          <p>You can bet, {user.displayName}.</p>
          <div class="auth-card__actions">
            <a class="button button--primary" href={WALLET_PATH}>Your wallet</a>
            <a class="button" href={MY_BETS_PATH}>Your bets</a>
          </div>
        </div>
      )}
      {(user?.role === "staff" || user?.role === "admin") && (
        <p class="form__error" role="alert">
          Staff and admins may not bet. Sign in with a spectator account to bet.
        </p>
      )}
      {user?.role === "spectator" && (
        <BettorForm auth={auth} api={api} minAge={minAge} onDone={done} />
      )}
    </section>
  );
}

function BettorForm(
  { auth, api, minAge, onDone }: {
    auth: AuthSession;
    api: Pick<BettingApi, "becomeBettor">;
    minAge: number;
    onDone: () => void;
  },
) {
  const dateOfBirth = useSignal("");
  const accept = useSignal(false);
  const { busy, error, submit } = useSubmit(async () => {
    await api.becomeBettor(dateOfBirth.value, accept.value);
    await auth.reloadUser();
    onDone();
  });
  return (
    <form class="form" onSubmit={submit} aria-label="Become a bettor">
      <TextField
        label="Date of birth"
        type="date"
        name="dateOfBirth"
        required
        max={new Date().toISOString().slice(0, 10)}
        value={dateOfBirth}
      />
      <div class="terms" id="betting-terms">
        <h2 class="terms__title">The terms, in short</h2>
        <ul class="terms__list">
          <li>You must be {minAge} or older. Staff and admins of the alley may not bet.</li>
          <li>
            Markets are pools: the winners share every stake, less the house's share (the takeout).
            Odds shown move until the ball is bowled.
          </li>
          <li>Betting on a ball stops when the bowler steps onto the approach.</li>
          <li>
            The AI settles each ball; doubtful ones are checked by staff. A ball without a result is
            void and every stake is returned.
          </li>
          <li>Money here is demo money. It has no value and cannot be withdrawn.</li>
        </ul>
      </div>
      <label class="check">
        <input
          type="checkbox"
          name="acceptTerms"
          required
          checked={accept}
          onChange={(e) => accept.value = e.currentTarget.checked}
          aria-describedby="betting-terms"
        />
        I am {minAge} or older and accept these terms
      </label>
      <FormError error={error} />
      <button type="submit" class="button button--primary button--block" disabled={busy}>
        {busy.value ? "Checking…" : "Start betting"}
      </button>
    </form>
  );
}
