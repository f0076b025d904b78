/** What My games shows before the person is known: a wait while signing in is restored, else a way in. */
import type { AuthSession } from "../auth/session.ts";
import { loginPath } from "../router.ts";

/** Null when someone is signed in (the page shows itself). */
export function SignInFirst({ auth, next }: { auth: AuthSession; next: string }) {
  if (auth.status.value === "signedIn") return null;
  if (auth.status.value === "restoring") {
    return <span class="shimmer shimmer--line" aria-hidden="true" />;
  }
  return (
    <section class="auth-card">
      <h1 class="auth-card__title">My games</h1>
      <p class="auth-card__lede">
        Sign in to see every game you bowled, its score sheet, and your speed, board and entry angle
        over time. Check in at the lane with your account and your games show here.
      </p>
      <a class="button button--primary" href={loginPath(next)}>
        Sign in
      </a>
    </section>
  );
}
