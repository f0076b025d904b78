/** Hidden lanes in the console: the switch in a lane's settings and the mark on its card. */

/** An on/off switch (a checkbox with the switch role): hide the lane from spectators. */
export function HiddenSwitch(
  { hidden, disabled, onToggle }: {
    hidden: boolean;
    disabled: boolean;
    onToggle: (hidden: boolean) => void;
  },
) {
  return (
    <label class="switch-field">
      <input
        type="checkbox"
        role="switch"
        class="switch-field__input"
        name="hidden"
        checked={hidden}
        disabled={disabled}
        aria-describedby="hidden-lane-hint"
        onChange={(event) => onToggle(event.currentTarget.checked)}
      />
      <span class="switch-field__track" aria-hidden="true" />
      <span class="switch-field__text">
        <span class="switch-field__label">Hide from spectators</span>
        <span class="switch-field__hint" id="hidden-lane-hint">
          For test lanes: left out of the lane grid, and its page is not found for the public. Staff
          still see it here.
        </span>
      </span>
    </label>
  );
}

/** The mark on a hidden lane's card in the console. */
export function HiddenPill() {
  return (
    <span class="pill" data-status="hidden">
      <span class="pill__dot" aria-hidden="true" />Hidden
    </span>
  );
}
