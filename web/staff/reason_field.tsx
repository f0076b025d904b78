import { useId } from "preact/hooks";
import type { Signal } from "@preact/signals";

export interface ReasonFieldProps {
  value: Signal<string>;
  /** Default: "Reason (kept in the audit log)". */
  label?: string;
  placeholder: string;
  /** Why the reason is refused, shown under the field. */
  error?: string | null;
}

/** The reason a staff change is kept with: 3–500 characters, required. */
export function ReasonField(
  { value, label = "Reason (kept in the audit log)", placeholder, error }: ReasonFieldProps,
) {
  const errorId = useId();
  return (
    <label class="field">
      <span class="field__label">{label}</span>
      <input
        class="input"
        name="reason"
        required
        minLength={3}
        maxLength={500}
        placeholder={placeholder}
        value={value}
        onInput={(e) => value.value = e.currentTarget.value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      {error && <span class="field__error" id={errorId} role="alert">{error}</span>}
    </label>
  );
}
