/**
 * The foul verdict of one shot. The shot detector keeps the foul-line window
 * of recent frames (`CropRing`); once the ball's path tells when it was
 * released, the frames from 0.1 to 1.0 s after the release (the slide has
 * ended, the foot stays where it stopped) are classified and their log-odds
 * averaged into one verdict.
 *
 * The classifier is calibrated on as many fouls as clean slides; on a real
 * lane fouls are rare, so the verdict adds that prior (`FOUL_PRIOR`) to the
 * averaged log-odds. A slide the classifier calls only "probably clean"
 * then settles, while even a weakly seen foul is never cleared without a
 * person: its verdict stays unsure and the shot goes to review.
 */

/** Frames used for the verdict: this long after the release (ms)... */
export const FOUL_FROM_MS = 100;
/** ...up to this long after it. */
export const FOUL_TO_MS = 1000;
/** Fewer crops than this in the window: no verdict (a person looks). */
export const FOUL_MIN_CROPS = 4;
/** Keep a crop at most this often (ms); the ring then holds about 6 s. */
export const FOUL_CROP_EVERY_MS = 60;
export const FOUL_RING_SLOTS = 100;
/** Share of balls that are fouls, before looking (about 1 in 100, as in the simulator). */
export const FOUL_PRIOR = 0.01;

export interface FoulVerdict {
  foul: boolean;
  /** P(foul) of the shot. */
  probability: number;
  /** How sure the verdict is: max(p, 1 − p). */
  confidence: number;
}

/**
 * One verdict from the per-frame P(foul) (each at even odds): mean log-odds
 * plus the prior's; null with too few frames.
 */
export function foulVerdict(
  probabilities: readonly number[],
  prior = FOUL_PRIOR,
): FoulVerdict | null {
  if (probabilities.length < FOUL_MIN_CROPS) return null;
  let sum = 0;
  for (const p of probabilities) {
    const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
    sum += Math.log(q / (1 - q));
  }
  const logOdds = sum / probabilities.length + Math.log(prior / (1 - prior));
  const probability = 1 / (1 + Math.exp(-logOdds));
  const r = (v: number) => Math.round(v * 1e4) / 1e4;
  return {
    foul: probability > 0.5,
    probability: r(probability),
    confidence: r(Math.max(probability, 1 - probability)),
  };
}

/** The newest crops of a lane's foul-line window, with their capture times, in preallocated slots. */
export class CropRing {
  readonly #slots: Uint8Array[];
  readonly #times: Float64Array;
  #next = 0;
  #count = 0;

  constructor(bytes: number, size = FOUL_RING_SLOTS) {
    this.#slots = Array.from({ length: size }, () => new Uint8Array(bytes));
    this.#times = new Float64Array(size);
  }

  /** Time of the newest crop (−Infinity when empty). */
  get newest(): number {
    return this.#count
      ? this.#times[(this.#next + this.#slots.length - 1) % this.#slots.length]
      : -Infinity;
  }

  /** The slot to write the crop of capture time `t` into (the oldest is reused). */
  claim(t: number): Uint8Array {
    const i = this.#next;
    this.#times[i] = t;
    this.#next = (i + 1) % this.#slots.length;
    this.#count = Math.min(this.#count + 1, this.#slots.length);
    return this.#slots[i];
  }

  /** Crops with capture times in [from, to], oldest first. */
  between(from: number, to: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    const n = this.#slots.length;
    for (let k = this.#count; k >= 1; k--) {
      const i = (this.#next - k + n) % n;
      if (this.#times[i] >= from && this.#times[i] <= to) out.push(this.#slots[i]);
    }
    return out;
  }
}
