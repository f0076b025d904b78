/**
 * How many lanes one inference sidecar should hold, given the others that are
 * alive: the lanes are split evenly (each takes its share, capped by its
 * capacity); a sidecar holding more than its share lets the excess go only
 * while another one is below its own share and can take it; lanes nobody
 * else wants are taken up to the capacity. Pure.
 */

export interface SidecarLoad {
  capacity: number;
  held: number;
}

export interface LeasePlan {
  /** Lanes to let go now (so that a hungrier sidecar takes them). */
  release: number;
  /** The most lanes to hold after taking free ones. */
  holdUpTo: number;
}

/** `lanes`: how many lanes there are to watch; `others`: the other live sidecars. */
export function planLeases(lanes: number, self: SidecarLoad, others: SidecarLoad[]): LeasePlan {
  const share = Math.ceil(lanes / (others.length + 1));
  const target = Math.min(self.capacity, share);
  if (self.held > self.capacity) {
    return { release: self.held - self.capacity, holdUpTo: self.capacity };
  }
  const hungry = others.some((o) => o.held < Math.min(o.capacity, share));
  if (hungry && self.held > target) return { release: self.held - target, holdUpTo: target };
  return { release: 0, holdUpTo: hungry ? Math.max(target, self.held) : self.capacity };
}
