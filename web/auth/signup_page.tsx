import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { loginPath, nextPath, type Router } from "../router.ts";
import { accountProblem } from "./account_errors.ts";
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
 * Where the mailed link lands (`/signup/confirm#token=…`): creates the
 * account, signs in and goes where the sign-up asked (else the account page).
 * The token travels in the fragment, so it is in no server log or Referer.
 */
export function SignupConfirmPage({ auth, router }: SignupPageProps) {
  const failure = useSignal<string | null>(null);
  useEffect(() => {
    document.title = "Confirm your email · Lanecast";
    const token = new URLSearchParams(location.hash.slice(1)).get("token");
    if (!token) {
      failure.value = "This link is not complete. Open the link from the mail again.";
      return;
    }
    history.replaceState(null, "", location.pathname);
    auth.confirmSignup(token).then(
      (next) => router.navigate(next ?? "/account", { replace: true }),
      (e) => failure.value = accountProblem(e).form,
    );
  }, []);
  return (
    <section class="auth-card" aria-busy={failure.value ? undefined : "true"}>
      <h1 class="auth-card__title">
        {failure.value ? "That did not work" : "Creating your account…"}
      </h1>
      {failure.value && (
        <>
          <p class="form__error" role="alert">{failure.value}</p>
          <div class="auth-card__actions">
            <a class="button button--primary" href="/signup">Sign up again</a>
            <a class="button" href="/login">Sign in</a>
          </div>
        </>
      )}
    </section>
  );
}
