/**
 * Publish epochs: what the server last said about each lane's publishers.
 * Every publish token carries the epoch it was issued in; when the server
 * ends an epoch (camera key rotated or removed, lane disabled) it tells the
 * SFU the new one, and the SFU drops the lane's publishers of older epochs at
 * once and refuses older tokens from then on. Kept in memory: after an SFU
 * restart the server's camera sync repeats every lane's epoch within one round.
 *
 * @example
 * const epochs = new PublishEpochs();
 * epochs.admit("3", claims); // throws token_revoked for a token of an ended epoch
 * epochs.hold(claims, link); // closes the link when its token's epoch ends
 * epochs.raise("3", 2); // closes it when claims.epoch < 2
 */
import type { LaneClaims } from "../core/lane_token.ts";
import { DomainError } from "../core/problem.ts";
import type { MediaLink } from "./media_link.ts";

interface LivePublisher {
  epoch: number;
  drop: () => void;
}

export class PublishEpochs {
  #epochs = new Map<string, number>();
  #live = new Map<string, Set<LivePublisher>>();

  /** The lane's current epoch (0 until the server says otherwise). */
  current(lane: string): number {
    return this.#epochs.get(lane) ?? 0;
  }

  /** Throws `token_revoked` for a publish token of an epoch the server has ended (other rights pass). */
  admit(lane: string, claims: LaneClaims): void {
    if (claims.right !== "lane:publish") return;
    const epoch = claims.epoch ?? 0;
    if (epoch < this.current(lane)) {
      throw new DomainError(
        "token_revoked",
        `The publish token for lane "${lane}" was revoked (its camera key changed or the lane was disabled)`,
      );
    }
  }

  /** Closes `link` when the epoch of the publish token it was opened with ends (other rights are not held). */
  hold(claims: LaneClaims, link: MediaLink): void {
    if (claims.right !== "lane:publish") return;
    link.onClose(
      this.track(claims.lane, claims, () => link.close("the publish token was revoked")),
    );
  }

  /** Remembers a live publisher so that `raise` can drop it; call the result when it ends. */
  track(lane: string, claims: LaneClaims, drop: () => void): () => void {
    const entry: LivePublisher = { epoch: claims.epoch ?? 0, drop };
    // Admitted before an epoch that ended while its media was set up: dropped now, not kept.
    if (entry.epoch < this.current(lane)) {
      drop();
      return () => {};
    }
    let set = this.#live.get(lane);
    if (!set) this.#live.set(lane, set = new Set());
    set.add(entry);
    return () => {
      set.delete(entry);
      if (set.size === 0 && this.#live.get(lane) === set) this.#live.delete(lane);
    };
  }

  /** Moves the lane to `epoch` (never back) and drops its publishers of older epochs; how many were dropped. */
  raise(lane: string, epoch: number): number {
    if (epoch <= this.current(lane)) return 0;
    this.#epochs.set(lane, epoch);
    const stale = [...this.#live.get(lane) ?? []].filter((p) => p.epoch < epoch);
    for (const p of stale) {
      this.#live.get(lane)?.delete(p);
      p.drop();
    }
    return stale.length;
  }
}
