import type { ReadonlySignal } from "@preact/signals";
import {
  describeLeave,
  formatAngle,
  formatBoard,
  formatConfidence,
  formatSpeed,
  type ScoredShot,
  underReview,
} from "../shot_format.ts";
import { PinLeave } from "./pin_leave.tsx";

/**
 * The last ball as the AI saw it: speed, board at the arrows, breakpoint,
 * entry board and angle, the pins it left, and an "Under review" badge while
 * staff have to confirm the pin count.
 */
export function ShotCard({ shot }: { shot: ReadonlySignal<ScoredShot | null> }) {
  const s = shot.value;
  if (!s) {
    return (
      <section class="live-card shot-card" aria-label="Last ball" data-empty="true">
        <p class="live-card__empty">Speed and line of each ball show here once it is rolled</p>
      </section>
    );
  }
  const leave = describeLeave(s);
  const review = underReview(s);
  const m = s.metrics;
  return (
    <section class="live-card shot-card" aria-label="Last ball" data-shot={s.id}>
      <header class="live-card__head">
        <h2 class="live-card__title">Last ball</h2>
        {s.correction
          ? (
            <span
              class="badge badge--corrected"
              data-testid="shot-corrected"
              title={`Corrected by staff: ${s.correction}`}
            >
              Corrected by staff
            </span>
          )
          : review
          ? (
            <span class="badge badge--review" title="Staff are checking the pin count">
              Under review
            </span>
          )
          : <span class="badge badge--ai">AI {formatConfidence(s.pinConfidence)} sure</span>}
      </header>
      <div class="shot-card__body">
        <div class="shot-card__speed">
          {m
            ? (
              <>
                <span class="shot-card__big" data-testid="shot-speed">
                  {formatSpeed(m.launchSpeedMph)}
                </span>
                <span class="shot-card__unit">mph</span>
                <span class="shot-card__sub">{formatSpeed(m.entrySpeedMph)} mph at the pins</span>
              </>
            )
            : <span class="shot-card__sub">The ball's track was not seen</span>}
        </div>
        <div class="shot-card__leave" data-kind={leave.kind}>
          <PinLeave standing={s.standing} before={s.standingBefore} />
          <span class="shot-card__leave-label" data-testid="shot-leave">{leave.label}</span>
        </div>
      </div>
      {m && (
        <dl class="shot-card__metrics">
          <Metric label="At the arrows" value={`Board ${formatBoard(m.arrowsBoard)}`} />
          <Metric
            label="Breakpoint"
            value={`Board ${formatBoard(m.breakpointBoard)}`}
            note={`${Math.round(m.breakpointFt)} ft`}
          />
          <Metric label="Entry board" value={formatBoard(m.entryBoard)} />
          <Metric label="Entry angle" value={formatAngle(m.entryAngleDeg)} />
        </dl>
      )}
    </section>
  );
}

function Metric({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div class="shot-card__metric">
      <dt>{label}</dt>
      <dd>
        {value}
        {note && <span class="shot-card__note">{note}</span>}
      </dd>
    </div>
  );
}
