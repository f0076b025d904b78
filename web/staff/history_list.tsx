import { formatPins, formatTime } from "./format.ts";
import type { SessionModel } from "./session_model.ts";

/** Every correction of the session: who changed which ball from what to what, and why. */
export function HistoryList({ model }: { model: SessionModel }) {
  const history = model.history.value;
  return (
    <section class="panel" aria-label="Correction history">
      <h2 class="panel__title">Corrections</h2>
      {history.length === 0
        ? <p class="panel__text">No corrections yet. Tap a mark on the sheet to correct it.</p>
        : (
          <ol class="history">
            {history.map((h) => (
              <li key={h.id} class="history__item">
                <p class="history__what">
                  <strong>{h.bowlerName}</strong>, frame {h.frame ?? "?"} ball {h.ball ?? "?"}
                  {`: standing ${formatPins(h.from.pinsStanding)}${h.from.foul ? " (foul)" : ""}`}
                  {` → ${formatPins(h.to.pinsStanding)}${h.to.foul ? " (foul)" : ""}`}
                </p>
                <p class="history__why">“{h.reason}”</p>
                <p class="history__meta">
                  {h.by.name ?? "system"} · {formatTime(h.at)}
                  {h.from.source === "ai" ? " · was the AI's call" : ""}
                </p>
              </li>
            ))}
          </ol>
        )}
    </section>
  );
}
