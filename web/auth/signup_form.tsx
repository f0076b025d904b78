import { useSignal } from "@preact/signals";
import { AccountField, AccountFormError, useAccountSubmit } from "./account_field.tsx";
import { checkEmail, checkName, checkPassword, onlyProblems } from "./account_errors.ts";
import type { AuthSession } from "./session.ts";

export interface SignupFormProps {
  auth: AuthSession;
  /** Where the mailed link takes the person once confirmed (default: this page). */
  next?: string;
  submitLabel?: string;
}

/**
 * Name, email and password for a new (spectator) account. The server mails
 * a link that finishes the sign-up; the form then says to check the inbox
 * (the same words whether or not the address already had an account).
 */
export function SignupForm(
  { auth, next, submitLabel = "Create account" }: SignupFormProps,
) {
  const name = useSignal("");
  const email = useSignal("");
  const password = useSignal("");
  const sentTo = useSignal<string | null>(null);
  const { busy, problem, submit } = useAccountSubmit(
    () =>
      onlyProblems({
        displayName: checkName(name.value),
        email: checkEmail(email.value),
        password: checkPassword(password.value),
      }),
    async () => {
      const to = email.value.trim();
      await auth.signup(to, password.value, name.value.trim(), next ?? here());
      password.value = "";
      sentTo.value = to;
    },
  );

  if (sentTo.value) {
    return (
      <div class="check-email" data-testid="check-email" role="status">
        <h2 class="check-email__title">Check your email</h2>
        <p>
          We sent a message to{" "}
          <strong>{sentTo.value}</strong>. Open the link in it to finish creating your account. The
          link works once, for 24 hours.
        </p>
        <p class="check-email__small">
          No mail after a few minutes? Look in your spam folder, or start again.
        </p>
        <button
          type="button"
          class="button check-email__again"
          onClick={() => sentTo.value = null}
        >
          Start again
        </button>
      </div>
    );
  }

  const fields = problem.value.fields;
  return (
    <form class="form account-form" onSubmit={submit} noValidate>
      <AccountField
        label="Your name (shown on the score sheet)"
        name="displayName"
        autocomplete="nickname"
        required
        maxLength={80}
        value={name}
        error={fields.displayName}
      />
      <AccountField
        label="Email"
        type="email"
        name="email"
        autocomplete="email"
        required
        value={email}
        error={fields.email}
      />
      <AccountField
        label="Password"
        type="password"
        name="password"
        autocomplete="new-password"
        required
        maxLength={200}
        value={password}
        error={fields.password}
        hint="10 characters or more"
      />
      <AccountFormError problem={problem} />
      <button type="submit" class="button button--primary button--block" disabled={busy}>
        {busy.value ? "Sending…" : submitLabel}
      </button>
    </form>
  );
}

/** This page, to come back to from the mailed link. */
function here(): string | undefined {
  if (typeof location === "undefined") return undefined;
  const path = location.pathname + location.search;
  return path.startsWith("/signup") ? undefined : path;
}
