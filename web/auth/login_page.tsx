import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { Router } from "../router.ts";
import { nextPath, signupPath } from "../router.ts";
import { AccountField, AccountFormError, useAccountSubmit } from "./account_field.tsx";
import { checkEmail, onlyProblems } from "./account_errors.ts";
import type { AuthSession } from "./session.ts";

export interface LoginPageProps {
  auth: AuthSession;
  router: Pick<Router, "navigate">;
}

/** The sign-in page; afterwards it goes to `?next=`, else the console (staff) or the lanes. */
export function LoginPage({ auth, router }: LoginPageProps) {
  useEffect(() => void (document.title = "Sign in · Lanecast"), []);
  const user = auth.user.value;

  if (user) {
    return (
      <section class="auth-card">
        <h1 class="auth-card__title">Signed in</h1>
        <p class="auth-card__lede">
          You are signed in as <strong>{user.displayName}</strong> ({user.email}).
        </p>
        <div class="auth-card__actions">
          {auth.isStaff.value && <a class="button button--primary" href="/staff">Open console</a>}
          <button type="button" class="button" onClick={() => void auth.logout()}>Sign out</button>
        </div>
      </section>
    );
  }

  return (
    <section class="auth-card">
      <h1 class="auth-card__title">Sign in</h1>
      <p class="auth-card__lede">
        Welcome back. Staff sign in here too, to run the alley's lanes and sessions.
      </p>
      <LoginForm
        auth={auth}
        onDone={() =>
          router.navigate(
            nextPath(location.search, auth.isStaff.value ? "/staff" : "/"),
            { replace: true },
          )}
      />
      <p class="auth-card__switch">
        New here?{" "}
        <a href={signupPath(nextPath(location.search, "") || undefined)}>Create an account</a>
      </p>
    </section>
  );
}

/** Email and password; calls `onDone` once signed in. */
export function LoginForm({ auth, onDone }: { auth: AuthSession; onDone?: () => void }) {
  const email = useSignal("");
  const password = useSignal("");
  const { busy, problem, submit } = useAccountSubmit(
    () =>
      onlyProblems({
        email: checkEmail(email.value),
        password: password.value ? undefined : "Enter your password",
      }),
    async () => {
      await auth.login(email.value.trim(), password.value);
      password.value = "";
      onDone?.();
    },
  );

  return (
    <form class="form account-form" onSubmit={submit} noValidate>
      <AccountField
        label="Email"
        type="email"
        name="email"
        autocomplete="username"
        required
        value={email}
        error={problem.value.fields.email}
      />
      <AccountField
        label="Password"
        type="password"
        name="password"
        autocomplete="current-password"
        required
        value={password}
        error={problem.value.fields.password}
      />
      <AccountFormError problem={problem} />
      <button type="submit" class="button button--primary button--block" disabled={busy}>
        {busy.value ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
