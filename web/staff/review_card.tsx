import { signal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import { countPins, pinsOf } from "../../core/pins.ts";
import { formatMoney } from "../betting/money.ts";
import { LanePath } from "../components/lane_path.tsx";
import { staffLanePath } from "../router.ts";
import {
  ballLabel,
  formatPercent,
  kindLabel,
  lineLabel,
  reviewReasonLabel,
  sortMarkets,
} from "./market_format.ts";
import { ShotClipPanel } from "./shot_clip_panel.tsx";
import type { ShareApi } from "../share/share_api.ts";
import { PinDeck } from "./pin_deck.tsx";
import { ReasonField } from "./reason_field.tsx";
import {
  proposedFallen,
  rackOf,
  type ReviewQueueModel,
  reviewShot,
  unsurePins,
} from "./review_model.ts";
import type { ShotReview } from "./staff_api.ts";

/** Pins left standing as "7-10", or "none". */
function leave(standing: number): string {
  const pins = pinsOf(standing);
  return pins.length ? pins.join("-") : "none";
}

/**
 * One doubtful shot: the AI's reading on the pin deck, how sure it was and
 * with which models, the ball's path, the markets waiting on it, and the
 * decision (confirm, override on the deck, or void).
 */
export function ReviewCard(
  { review, model, clipApi }: { review: ShotReview; model: ReviewQueueModel; clipApi: ShareApi },
) {
  const shots = useMemo(() => signal([reviewShot(review)]), [review]);
  const shown = useMemo(() => signal(proposedFallen(review)), [review]);
  const editing = model.editing.value?.shotId === review.shot.id ? model.editing.value : null;
  const busy = model.busy.value === review.shot.id;
  const rack = rackOf(review);
  const ball = review.markets[0]?.ball;
  const downNow = countPins(rack & ~review.proposed.standing);
  const unsure = unsurePins(review);

  return (
    <li class="review panel" data-shot={review.shot.id}>
      <header class="review__head">
        <div>
          <h2 class="panel__title review__title">
            <a href={staffLanePath(review.shot.laneId)}>Lane {review.shot.laneId}</a>
            {ball && <span class="muted">{ballLabel(ball)}</span>}
          </h2>
        </div>
        <span class="badge badge--review">{reviewReasonLabel(review.shot.reason)}</span>
      </header>
      <div class="review__body">
        <div class="review__read">
          <PinDeck
            standing={rack}
            fallen={editing?.mode === "override" ? model.fallen : shown}
            disabled={editing?.mode !== "override" || busy}
          />
          <p class="review__legend" aria-hidden="true">
            <span data-state="up">standing</span>
            <span data-state="fell">fell</span>
            <span data-state="gone">down before</span>
          </p>
          <p class="panel__text" data-testid="review-proposed">
            AI read: <strong>{downNow} {downNow === 1 ? "pin" : "pins"}</strong>, standing{" "}
            {leave(review.proposed.standing)}
            {review.proposed.foul ? " · foul" : ""}
          </p>
          <dl class="review__facts">
            <div>
              <dt>Pins</dt>
              <dd>{formatPercent(review.pinConfidence)}</dd>
            </div>
            <div>
              <dt>Track</dt>
              <dd>{formatPercent(review.trackConfidence)}</dd>
            </div>
            <div>
              <dt>Foul</dt>
              <dd>{formatPercent(review.foulConfidence)}</dd>
            </div>
          </dl>
          {unsure.length > 0 && (
            <p class="review__unsure">
              Unsure: {unsure.map(([pin, p]) => `pin ${pin} standing ${formatPercent(p)}`).join(
                ", ",
              )}
            </p>
          )}
          <p class="review__models">
            Models: ball <code>{review.models.ball}</code> · pins <code>{review.models.pins}</code>
            {review.models.foul && (
              <>
                {" "}· foul <code>{review.models.foul}</code>
              </>
            )}
          </p>
        </div>
        <div class="review__side">
          {review.path.length > 1
            ? <LanePath shots={shots} />
            : <p class="live-card__empty">The ball's path was not seen.</p>}
          <ShotClipPanel shotId={review.shot.id} api={clipApi} />
          <ul class="review__markets" aria-label="Markets waiting">
            {sortMarkets(review.markets).map((m) => (
              <li key={m.id} data-state={m.state}>
                <span>
                  {kindLabel(m.kind)} {lineLabel(m)}
                </span>
                <span class="muted">{formatMoney(m.totalPool, m.currency)}</span>
                <span class="status-tag" data-status={m.state}>{m.state}</span>
              </li>
            ))}
            {review.markets.length === 0 && <li class="muted">No markets on this ball.</li>}
          </ul>
        </div>
      </div>
      {editing ? <DecisionForm model={model} /> : (
        <div class="review__actions">
          <button
            type="button"
            class="button button--primary"
            disabled={busy}
            onClick={() => void model.confirm(review.shot.id)}
          >
            Confirm: {downNow} {downNow === 1 ? "pin" : "pins"}
            {review.proposed.foul ? ", foul" : ""}
          </button>
          <button
            type="button"
            class="button"
            disabled={busy}
            onClick={() => model.edit(review, "override")}
          >
            Override
          </button>
          <button
            type="button"
            class="button"
            disabled={busy}
            onClick={() => model.edit(review, "void")}
          >
            Void
          </button>
        </div>
      )}
    </li>
  );
}

function DecisionForm({ model }: { model: ReviewQueueModel }) {
  const editing = model.editing.value!;
  const override = editing.mode === "override";
  const down = countPins(model.fallen.value & editing.rack);
  return (
    <form
      class="review__form"
      aria-label={override ? "Override the result" : "Void the shot's markets"}
      onSubmit={(e) => {
        e.preventDefault();
        void model.submit();
      }}
    >
      {override
        ? (
          <>
            <p class="panel__text">Tap the pins on the deck above until it shows what fell.</p>
            <label class="check">
              <input
                type="checkbox"
                name="foul"
                checked={model.foul}
                onChange={(e) => model.foul.value = e.currentTarget.checked}
              />
              Foul
            </label>
          </>
        )
        : <p class="panel__text">Every market on this ball is voided and every stake refunded.</p>}
      <ReasonField
        value={model.reason}
        placeholder={override ? "e.g. the 10 pin fell late" : "e.g. the camera was blocked"}
      />
      <div class="form__actions">
        <button
          type="submit"
          class="button button--primary"
          disabled={model.busy.value !== null || !model.canSubmit.value}
        >
          {override
            ? `Save: ${down} ${down === 1 ? "pin" : "pins"}${model.foul.value ? ", foul" : ""}`
            : "Void markets"}
        </button>
        <button type="button" class="button" onClick={() => model.cancel()}>Cancel</button>
      </div>
    </form>
  );
}
