/**
 * Caps on what viewers may hold, so that no one can take a lane's (or the
 * SFU's) RTC ports: WebRTC transports opened with `lane:view` tokens are
 * counted per lane, per client address and per token. A slot is taken
 * before the transport is created (so concurrent requests cannot slip past
 * a cap) and given back when the transport closes.
 *
 * @example
 * const quota = new ViewerQuota({ perLane: 400, perAddress: 40, perToken: 4 });
 * const release = quota.reserve("1", { address: "203.0.113.9", token: "sig…" });
 * // … when the transport closes:
 * release();
 */
import { DomainError } from "../core/problem.ts";

export interface ViewerQuotaOptions {
  perLane: number;
  perAddress: number;
  perToken: number;
}

/** Who holds a viewer transport: the client's address and its token's identity. */
export interface Viewer {
  address: string;
  token: string;
}

/** Seconds a refused viewer is told to wait (the half-open transports time out meanwhile). */
const RETRY_AFTER_S = 10;

export class ViewerQuota {
  #lanes = new Map<string, number>();
  #addresses = new Map<string, number>();
  #tokens = new Map<string, number>();
  /** Viewer transports refused by a cap, for /metrics. */
  refused = 0;

  constructor(readonly options: ViewerQuotaOptions) {}

  /** Takes one viewer slot on `lane` for `viewer`, or throws; the returned function gives it back (once). */
  reserve(lane: string, viewer: Viewer): () => void {
    const { perLane, perAddress, perToken } = this.options;
    if ((this.#tokens.get(viewer.token) ?? 0) >= perToken) {
      throw this.#refuse(
        "too_many_viewers",
        `This token already watches with ${perToken} connections`,
      );
    }
    if ((this.#addresses.get(viewer.address) ?? 0) >= perAddress) {
      throw this.#refuse(
        "too_many_viewers",
        `Too many viewers from this address (at most ${perAddress})`,
      );
    }
    if ((this.#lanes.get(lane) ?? 0) >= perLane) {
      throw this.#refuse("lane_full", `Lane "${lane}" has no room for more viewers`);
    }
    const held: [Map<string, number>, string][] = [
      [this.#lanes, lane],
      [this.#addresses, viewer.address],
      [this.#tokens, viewer.token],
    ];
    for (const [map, key] of held) map.set(key, (map.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const [map, key] of held) {
        const left = (map.get(key) ?? 1) - 1;
        if (left > 0) map.set(key, left);
        else map.delete(key);
      }
    };
  }

  /** Viewer transports held on `lane` now. */
  onLane(lane: string): number {
    return this.#lanes.get(lane) ?? 0;
  }

  #refuse(code: "too_many_viewers" | "lane_full", message: string): DomainError {
    this.refused++;
    return new DomainError(code, message, { retryAfter: RETRY_AFTER_S });
  }
}
