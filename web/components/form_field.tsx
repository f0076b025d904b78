/** A labelled text input bound to a string signal, and a form's error line. */
import { type Signal, useSignal } from "@preact/signals";
import { describeError } from "../api.ts";
import type { ComponentChildren, JSX } from "preact";

export type TextFieldProps =
  & { label: ComponentChildren; value: Signal<string> }
  & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, "class" | "value" | "onInput" | "label">;

/** `<label class="field">` around its label and an `.input` that writes back to `value`. */
export function TextField({ label, value, ...input }: TextFieldProps) {
  return (
    <label class="field">
      <span class="field__label">{label}</span>
      <input
        class="input"
        {...input}
        value={value}
        onInput={(e) => value.value = e.currentTarget.value}
      />
    </label>
  );
}

/** The form's error as an alert, or nothing while there is none. */
export function FormError({ error }: { error: Signal<string | null> }) {
  return error.value ? <p class="form__error" role="alert">{error}</p> : null;
}

/**
 * A form's submit handler with its busy flag and error line: runs `action`,
 * shows its failure as a sentence, and stays disabled while it runs.
 */
export function useSubmit(action: () => Promise<void>) {
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  async function submit(event: Event) {
    event.preventDefault();
    busy.value = true;
    error.value = null;
    try {
      await action();
    } catch (e) {
      error.value = describeError(e);
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, submit };
}
