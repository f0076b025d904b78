import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { Router } from "../router.ts";
import { nextPath } from "../router.ts";
import { FormError, TextField, useSubmit } from "../components/form_field.tsx";
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
      <p class="auth-card__lede">Staff sign in here to run the alley's lanes and sessions.</p>
      <LoginForm
        auth={auth}
        onDone={() =>
          router.navigate(
            nextPath(location.search, auth.isStaff.value ? "/staff" : "/"),
            { replace: true },
          )}
      />
    </section>
  );
}

/** Email and password; calls `onDone` once signed in. */
export function LoginForm({ auth, onDone }: { auth: AuthSession; onDone?: () => void }) {
  const email = useSignal("");
  const password = useSignal("");
  const { busy, error, submit } = useSubmit(async () => {
    await auth.login(email.value.trim(), password.value);
    password.value = "";
    onDone?.();
  });

  return (
    <form class="form" onSubmit={submit}>
      <TextField
        label="Email"
        type="email"
        name="email"
        autocomplete="username"
        required
        value={email}
      />
      <TextField
        label="Password"
        type="password"
        name="password"
        autocomplete="current-password"
        required
        value={password}
      />
      <FormError error={error} />
      <button type="submit" class="button button--primary button--block" disabled={busy}>
        {busy.value ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
