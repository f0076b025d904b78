import { useSignal } from "@preact/signals";
import { FormError, TextField, useSubmit } from "../components/form_field.tsx";
import type { AuthSession } from "./session.ts";

/** Name, email and password for a new (spectator) account; signs in on success. */
export function SignupForm(
  { auth, onDone, submitLabel = "Create account and check in" }: {
    auth: AuthSession;
    onDone?: () => void;
    submitLabel?: string;
  },
) {
  const name = useSignal("");
  const email = useSignal("");
  const password = useSignal("");
  const { busy, error, submit } = useSubmit(async () => {
    await auth.signup(email.value.trim(), password.value, name.value.trim());
    password.value = "";
    onDone?.();
  });

  return (
    <form class="form" onSubmit={submit}>
      <TextField
        label="Your name (shown on the score sheet)"
        name="displayName"
        autocomplete="nickname"
        required
        maxLength={80}
        value={name}
      />
      <TextField
        label="Email"
        type="email"
        name="email"
        autocomplete="email"
        required
        value={email}
      />
      <TextField
        label="Password (10 characters or more)"
        type="password"
        name="password"
        autocomplete="new-password"
        required
        minLength={10}
        maxLength={200}
        value={password}
      />
      <FormError error={error} />
      <button type="submit" class="button button--primary button--block" disabled={busy}>
        {busy.value ? "Creating account…" : submitLabel}
      </button>
    </form>
  );
}
