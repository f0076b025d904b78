import type { ReadonlySignal } from "@preact/signals";
import { useSignal } from "@preact/signals";
import type { LaneShot } from "../api.ts";
import { describeError } from "../api.ts";
import { describeLeave, formatSpeed, type ScoredShot } from "../shot_format.ts";

export interface EarlierShotsProps {
  shots: ReadonlySignal<ScoredShot[]>;
  /** Plays a shot's stored clip over the live video. */
  onPlay: (shot: LaneShot) => Promise<void>;
  /** Opens the share dialog; absent while nobody is signed in. */
  onShare?: (shot: LaneShot) => void;
}

/** The lane's recent balls, newest first, each playable from its clip and shareable. */
export function EarlierShots({ shots, onPlay, onShare }: EarlierShotsProps) {
  const error = useSignal<string | null>(null);
  const list = shots.value;
  if (!list.length) return null;
  return (
    <section class="live-card earlier-shots" aria-label="Recent balls">
      <header class="live-card__head">
        <h2 class="live-card__title">Recent balls</h2>
      </header>
      {error.value && <p class="form__error" role="alert">{error}</p>}
      <ol class="earlier-shots__list">
        {list.map((shot) => (
          <li class="earlier-shots__item" key={shot.id} data-shot={shot.id}>
            <span class="earlier-shots__what">
              <span class="earlier-shots__label">{describeLeave(shot).label}</span>
              {shot.correction && (
                <span class="earlier-shots__corrected" title={shot.correction}>
                  corrected by staff
                </span>
              )}
              {shot.metrics && (
                <span class="earlier-shots__speed">
                  {formatSpeed(shot.metrics.launchSpeedMph)} mph
                </span>
              )}
            </span>
            <span class="earlier-shots__actions">
              <button
                type="button"
                class="button button--small"
                onClick={() => {
                  error.value = null;
                  onPlay(shot).catch((e) => error.value = describeError(e));
                }}
              >
                Replay
              </button>
              {onShare && (
                <button
                  type="button"
                  class="button button--small"
                  onClick={() => onShare(shot)}
                >
                  Share
                </button>
              )}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
