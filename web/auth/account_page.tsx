import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { requestJson } from "../api.ts";
import { startBettingPath, WALLET_PATH } from "../betting/paths.ts";
import { loginPath, type Router, signupPath } from "../router.ts";
import { AccountField, AccountFormError, useAccountSubmit } from "./account_field.tsx";
import { checkName, checkPassword, onlyProblems } from "./account_errors.ts";
import type { AuthSession } from "./session.ts";

/** D's page of the signed-in person's games. */
export const MY_GAMES_PATH = "/me/games";

export interface AccountPageProps {
  auth: AuthSession;
  router: Pick<Router, "navigate">;
}

/** `/account`: the signed-in person's name, password, and signing out on every device. */
export function AccountPage({ auth, router }: AccountPageProps) {
  useEffect(() => void (document.title = "Your account · Lanecast"), []);
  const user = auth.user.value;
  if (auth.status.value === "restoring") {
    return (
      <section class="auth-card" aria-busy="true">
        <span class="spinner" />
      </section>
    );
  }
  if (!user) {
    return (
      <section class="auth-card">
        <h1 class="auth-card__title">Your account</h1>
        <p class="auth-card__lede">Sign in to see your account.</p>
        <div class="auth-card__actions">
          <a class="button button--primary" href={loginPath("/account")}>Sign in</a>
          <a class="button" href={signupPath("/account")}>Create account</a>
        </div>
      </section>
    );
  }
  return (
    <section class="page account-page">
      <header class="page-head">
        <h1 class="page-head__title">Your account</h1>
        <p class="page-head__lede">Signed in as {user.email}</p>
      </header>
      <nav class="account-links" aria-label="Your things">
        <a class="account-links__link" href={MY_GAMES_PATH}>My games</a>
        {user.role === "bettor"
          ? <a class="account-links__link" href={WALLET_PATH}>Wallet</a>
          : <a class="account-links__link" href={startBettingPath()}>Start betting</a>}
      </nav>
      <div class="account-panels">
        <NameForm auth={auth} name={user.displayName} />
        <PasswordForm auth={auth} />
        <section class="panel account-panel" aria-labelledby="everywhere-title">
          <h2 id="everywhere-title" class="account-panel__title">Sign out everywhere</h2>
          <p class="muted">
            Ends your sign-in on every phone and computer, this one too. Use it if you lost a device
            or signed in somewhere you should not have.
          </p>
          <EverywhereButton auth={auth} onDone={() => router.navigate("/", { replace: true })} />
        </section>
      </div>
    </section>
  );
}

function NameForm({ auth, name }: { auth: AuthSession; name: string }) {
  const value = useSignal(name);
  const saved = useSignal(false);
  const { busy, problem, submit } = useAccountSubmit(
    () => onlyProblems({ displayName: checkName(value.value) }),
    async () => {
      saved.value = false;
      await requestJson(auth.fetch, "/api/me", {
        method: "PATCH",
        body: { displayName: value.value.trim() },
      });
      await auth.reloadUser();
      saved.value = true;
    },
  );
  return (
    <form class="panel account-panel account-form" onSubmit={submit} noValidate>
      <h2 class="account-panel__title">Name</h2>
      <AccountField
        label="Your name (shown on score sheets)"
        name="displayName"
        autocomplete="nickname"
        maxLength={80}
        value={value}
        error={problem.value.fields.displayName}
      />
      <AccountFormError problem={problem} />
      {saved.value && <p class="account-saved" role="status">Saved</p>}
      <button type="submit" class="button button--primary" disabled={busy}>Save name</button>
    </form>
  );
}

function PasswordForm({ auth }: { auth: AuthSession }) {
  const current = useSignal("");
  const next = useSignal("");
  const done = useSignal(false);
  const { busy, problem, submit } = useAccountSubmit(
    () =>
      onlyProblems({
        currentPassword: current.value ? undefined : "Enter your current password",
        newPassword: checkPassword(next.value),
      }),
    async () => {
      done.value = false;
      await requestJson(auth.fetch, "/api/auth/password", {
        method: "POST",
        body: { currentPassword: current.value, newPassword: next.value },
      });
      current.value = "";
      next.value = "";
      done.value = true;
    },
  );
  return (
    <form class="panel account-panel account-form" onSubmit={submit} noValidate>
      <h2 class="account-panel__title">Password</h2>
      <AccountField
        label="Current password"
        type="password"
        name="currentPassword"
        autocomplete="current-password"
        value={current}
        error={problem.value.fields.currentPassword}
      />
      <AccountField
        label="New password"
        type="password"
        name="newPassword"
        autocomplete="new-password"
        maxLength={200}
        value={next}
        error={problem.value.fields.newPassword}
        hint="10 characters or more"
      />
      <AccountFormError problem={problem} />
      {done.value && (
        <p class="account-saved" role="status">
          Password changed. Your other devices are signed out.
        </p>
      )}
      <button type="submit" class="button button--primary" disabled={busy}>
        Change password
      </button>
    </form>
  );
}

function EverywhereButton({ auth, onDone }: { auth: AuthSession; onDone: () => void }) {
  const busy = useSignal(false);
  const failed = useSignal(false);
  const run = async () => {
    busy.value = true;
    failed.value = false;
    try {
      await auth.logoutEverywhere();
      onDone();
    } catch {
      failed.value = true;
    } finally {
      busy.value = false;
    }
  };
  return (
    <>
      {failed.value && (
        <p class="form__error" role="alert">Could not sign out everywhere. Try again.</p>
      )}
      <button
        type="button"
        class="button button--danger"
        disabled={busy}
        onClick={() => void run()}
      >
        Sign out everywhere
      </button>
    </>
  );
}
