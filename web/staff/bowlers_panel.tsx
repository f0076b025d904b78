import type { SessionModel } from "./session_model.ts";

/**
 * The session's bowlers in order, with who checked in from the QR code and
 * a way for staff to take someone out of the rotation (with a reason, for
 * the audit log): their balls stay on the sheet, they get no more turns.
 */
export function BowlersPanel({ model }: { model: SessionModel }) {
  const sheet = model.sheet.value;
  if (!sheet) return null;
  const open = sheet.status === "open";

  async function remove(bowlerId: string, name: string) {
    const reason = prompt(`Why remove "${name}"? They get no more turns; their balls stay.`);
    if (reason === null) return;
    await model.removeBowler(bowlerId, reason);
  }

  return (
    <section class="panel" aria-label="Bowlers">
      <h2 class="panel__title">Bowlers</h2>
      <ol class="bowler-list">
        {sheet.bowlers.map((b) => (
          <li key={b.id} class="bowler-list__item" data-bowler={b.name} data-removed={b.removed}>
            <span class="bowler-list__name">{b.name}</span>
            <span class="muted">
              {b.removed ? "removed" : b.userId ? "checked in" : "added by staff"}
            </span>
            {open && !b.removed && (
              <button
                type="button"
                class="button button--small"
                disabled={model.busy}
                aria-label={`Remove ${b.name}`}
                onClick={() => void remove(b.id, b.name)}
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
