import { useSignal } from "@preact/signals";
import type { SessionModel } from "./session_model.ts";

const MAX_BOWLERS = 8;

/**
 * On an open-play game (the AI started it on a live lane with no game):
 * staff give it the bowlers' names. The first name takes over "Bowler 1"
 * and every ball bowled so far; the others join the rotation after them.
 */
export function ClaimPanel({ model }: { model: SessionModel }) {
  const sheet = model.sheet.value;
  const names = useSignal<string[]>([""]);
  if (!sheet?.openPlay || sheet.status !== "open") return null;
  const first = sheet.bowlers[0]?.name ?? "Bowler 1";

  function set(i: number, value: string) {
    names.value = names.value.map((n, k) => (k === i ? value : n));
  }
  async function submit(e: Event) {
    e.preventDefault();
    if (await model.claim(names.value)) names.value = [""];
  }

  return (
    <section class="panel claim-panel" aria-labelledby="claim-title">
      <h2 class="panel__title" id="claim-title">Name this game</h2>
      <p class="panel__text">
        The AI started this open-play game on its own. Give it the bowlers' names: the first takes
        over “{first}” and the balls so far; it stops being open play.
      </p>
      <form class="claim-panel__form" onSubmit={submit}>
        {names.value.map((n, i) => (
          <div class="field" key={i}>
            <label class="field__label" for={`claim-name-${i}`}>
              {i === 0 ? `Bowler now called “${first}”` : `Bowler ${i + 1}`}
            </label>
            <input
              id={`claim-name-${i}`}
              class="input"
              name={`claim-name-${i}`}
              maxLength={40}
              autocomplete="off"
              value={n}
              onInput={(e) => set(i, e.currentTarget.value)}
            />
          </div>
        ))}
        <div class="claim-panel__actions">
          {names.value.length < MAX_BOWLERS && (
            <button
              type="button"
              class="button"
              onClick={() => (names.value = [...names.value, ""])}
            >
              Add a bowler
            </button>
          )}
          <button type="submit" class="button button--primary" disabled={model.busy}>
            Name this game
          </button>
        </div>
      </form>
    </section>
  );
}
