/** A labelled text input bound to a string signal, and a form's error line. */
import type { Signal } from "@preact/signals";
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
