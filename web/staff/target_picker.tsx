import { ARROW_BOARDS } from "../../core/lane_geometry.ts";
import { type CalibrationModel, type TargetLabel, targetName } from "./calibration_model.ts";

const GROUPS: { title: string; items: [TargetLabel, string][] }[] = [
  { title: "Foul line", items: [["foul-line-left", "Left end"], ["foul-line-right", "Right end"]] },
  { title: "Arrows (board)", items: ARROW_BOARDS.map((b) => [`arrow-${b}`, String(b)]) },
  {
    title: "Pins",
    items: [7, 8, 9, 10, 4, 5, 6, 2, 3, 1].map((p) => [`pin-${p}` as TargetLabel, String(p)]),
  },
];

/** Chips for every point: pick what the next click places; done ones are ticked. */
export function TargetPicker({ model }: { model: CalibrationModel }) {
  const clicks = model.clicks.value;
  const target = model.target.value;
  return (
    <div class="targets">
      <p class="targets__now" aria-live="polite">
        Click: <strong>{targetName(target)}</strong>
        {clicks[target] && (
          <button
            type="button"
            class="link-button"
            onClick={() => model.remove(target)}
          >
            remove
          </button>
        )}
      </p>
      {GROUPS.map((group) => (
        <fieldset class="targets__group" key={group.title}>
          <legend class="field__label">{group.title}</legend>
          <div class="chips" data-group={group.title}>
            {group.items.map(([label, text]) => (
              <button
                type="button"
                key={label}
                class="chip"
                data-target={label}
                data-done={!!clicks[label]}
                aria-pressed={target === label}
                title={targetName(label)}
                onClick={() => model.target.value = label}
              >
                {text}
              </button>
            ))}
          </div>
        </fieldset>
      ))}
      <button type="button" class="button" onClick={() => model.clear()}>Clear all points</button>
    </div>
  );
}
