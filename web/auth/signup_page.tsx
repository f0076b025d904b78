import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { loginPath, nextPath, type Router } from "../router.ts";
import { AccountField, useAccountSubmit } from "./account_field.tsx";
import type { AuthSession } from "./session.ts";
import { SignupForm } from "./signup_form.tsx";

export interface SignupPageProps {
  auth: AuthSession;
  router: Pick<Router, "navigate">;
}

/** The sign-up page (`/signup?next=`): the form, then "check your email". */
export function SignupPage({ auth }: { auth: AuthSession }) {
  useEffect(() => void (document.title = "Sign up · Lanecast"), []);
  const next = nextPath(globalThis.location?.search ?? "", "/account");
  const user = auth.user.value;
  return (
    <section class="auth-card">
      <h1 class="auth-card__title">Create your account</h1>
      {user
        ? (
          <p class="auth-card__lede">
            You are signed in as <strong>{user.displayName}</strong>.{" "}
            <a href="/account">Your account</a>
          </p>
        )
        : (
          <>
            <p class="auth-card__lede">
              Keep your games and scores, check in at a lane, and bet if you are 18 or older.
            </p>
            <SignupForm auth={auth} next={next} />
            <p class="auth-card__switch">
              Have an account?{" "}
              <a href={loginPath(next === "/account" ? undefined : next)}>Sign in</a>
            </p>
          </>
        )}
    </section>
  );
}

/**
 * Where the mailed link lands (`/signup/confirm#token=…`): asks for the
 * password chosen at sign-up (a link someone else asked for with this
 * address cannot make an account with their password), then creates the
 * account, signs in and goes where the sign-up asked (else the account
 * page). The token travels in the fragment, so it is in no server log or
 * Referer, and leaves the address bar at once.
 */
export function SignupConfirmPage({ auth, router }: SignupPageProps) {
  const token = useSignal<string | null>(null);
  const missing = useSignal(false);
  const password = useSignal("");
  useEffect(() => {
    document.title = "Confirm your email · Lanecast";
    const found = new URLSearchParams(location.hash.slice(1)).get("token");
    if (!found) missing.value = true;
    else {
      token.value = found;
      history.replaceState(null, "", location.pathname);
    }
  }, []);
  const { busy, problem, submit } = useAccountSubmit(
    () => password.value ? {} : { currentPassword: "Enter the password you chose" },
    async () => {
      const next = await auth.confirmSignup(token.value!, password.value);
      router.navigate(next ?? "/account", { replace: true });
    },
  );
  const wrong = problem.value.fields.currentPassword;
  const dead = missing.value || problem.value.form !== null;
  return (
    <section class="auth-card">
      <h1 class="auth-card__title">{dead ? "That did not work" : "Confirm your account"}</h1>
      {dead
        ? (
          <>
            <p class="form__error" role="alert">
              {missing.value
                ? "This link is not complete. Open the link from the mail again."
                : problem.value.form}
            </p>
            <div class="auth-card__actions">
              <a class="button button--primary" href="/signup">Sign up again</a>
              <a class="button" href="/login">Sign in</a>
            </div>
          </>
        )
        : (
          <form class="form" onSubmit={submit} noValidate>
            <p class="auth-card__lede">
              Enter the password you chose when you signed up. If you did not sign up, close this
              page: nothing is created.
            </p>
            <AccountField
              label="Password"
              name="currentPassword"
              type="password"
              autocomplete="current-password"
              value={password}
              error={wrong === undefined
                ? undefined
                : wrong === "Enter the password you chose"
                ? wrong
                : "That is not the password chosen when signing up"}
            />
            <button class="button button--primary" type="submit" disabled={busy.value}>
              {busy.value ? "Creating your account…" : "Create my account"}
            </button>
          </form>
        )}
    </section>
  );
}
