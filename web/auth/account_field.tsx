/** A labelled input with its own error line under it (tied by aria-describedby), and the form's busy/error state. */
import { type Signal, useSignal } from "@preact/signals";
import type { ComponentChildren, JSX } from "preact";
import { type AccountProblem, accountProblem, type FieldErrors } from "./account_errors.ts";

export type AccountFieldProps =
  & { label: ComponentChildren; value: Signal<string>; error?: string; hint?: string }
  & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, "class" | "value" | "onInput" | "label">;

/** `<label class="field">` with an `.input`; the field's error in plain words right under it. */
export function AccountField({ label, value, error, hint, name, ...input }: AccountFieldProps) {
  const errorId = `${name}-error`;
  const hintId = `${name}-hint`;
  const described = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ");
  return (
    <div class="field account-field">
      <label class="field__label" for={`field-${name}`}>{label}</label>
      <input
        id={`field-${name}`}
        class="input"
        name={name}
        {...input}
        value={value}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described || undefined}
        onInput={(e) => value.value = e.currentTarget.value}
      />
      {hint && !error && <p id={hintId} class="account-field__hint">{hint}</p>}
      {error && <p id={errorId} class="account-field__error" data-field-error={name}>{error}</p>}
    </div>
  );
}

/**
 * A form's submit: `check` finds field problems before sending (nothing is
 * sent while there are any); a failure of `action` becomes words per field
 * and a line for the form.
 */
export function useAccountSubmit(check: () => FieldErrors, action: () => Promise<void>) {
  const busy = useSignal(false);
  const problem = useSignal<AccountProblem>({ fields: {}, form: null });
  async function submit(event: Event) {
    event.preventDefault();
    const fields = check();
    problem.value = { fields, form: null };
    if (Object.keys(fields).length > 0) {
      const first = Object.keys(fields)[0];
      (document.getElementById(`field-${first}`) as HTMLInputElement | null)?.focus();
      return;
    }
    busy.value = true;
    try {
      await action();
    } catch (e) {
      problem.value = accountProblem(e);
    } finally {
      busy.value = false;
    }
  }
  return { busy, problem, submit };
}

/** The form's own error line (not about one field), or nothing. */
export function AccountFormError({ problem }: { problem: Signal<AccountProblem> }) {
  const line = problem.value.form;
  return line ? <p class="form__error" role="alert">{line}</p> : null;
}
