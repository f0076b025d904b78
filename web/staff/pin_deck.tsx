import type { Signal } from "@preact/signals";

/** Rows as the bowler sees the deck: back row (7–10) first, head pin last. */
const ROWS = [[7, 8, 9, 10], [4, 5, 6], [2, 3], [1]];

export interface PinDeckProps {
  /** Pins standing before this ball (bit i = pin i + 1). */
  standing: number;
  /** Pins tapped as fallen (bit i = pin i + 1); the deck toggles bits here. */
  fallen: Signal<number>;
  disabled?: boolean;
}

/** The ten pins as big tap targets: tap the ones that fell. Pins already down are greyed out. */
export function PinDeck({ standing, fallen, disabled = false }: PinDeckProps) {
  const down = fallen.value;
  return (
    <div class="pin-deck" role="group" aria-label="Pins that fell">
      {ROWS.map((row) => (
        <div class="pin-deck__row" key={row[0]}>
          {row.map((pin) => {
            const bit = 1 << (pin - 1);
            const up = (standing & bit) !== 0;
            const fell = (down & bit) !== 0;
            return (
              <button
                key={pin}
                type="button"
                class="pin"
                data-pin={pin}
                data-state={!up ? "gone" : fell ? "fell" : "up"}
                aria-pressed={up ? fell : undefined}
                aria-label={`Pin ${pin}${!up ? " (already down)" : ""}`}
                disabled={disabled || !up}
                onClick={() => fallen.value = fallen.value ^ bit}
              >
                {pin}
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}
