/** Markets and reviews for the console's unit tests. */
import type { Market, ShotReview } from "./staff_api.ts";

/** A strike market on Ada's first ball, open, with $30 on yes and $10 on no; `patch` changes it. */
export function market(patch: Partial<Market> = {}): Market {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    laneId: "1",
    kind: "strike",
    state: "open",
    version: 1,
    currency: "USD",
    takeoutBps: 1000,
    totalPool: 4000,
    outcomes: [
      { key: "yes", label: "Yes", pool: 3000, odds: 1.2, fairProbability: 0.4 },
      { key: "no", label: "No", pool: 1000, odds: 3.6, fairProbability: 0.6 },
    ],
    ball: {
      sessionId: "00000000-0000-4000-8000-0000000000aa",
      frame: 1,
      ball: 1,
      bowler: { id: "00000000-0000-4000-8000-0000000000bb", name: "Ada", position: 1 },
      standing: 0x3ff,
    },
    result: null,
    review: null,
    voidReason: null,
    openedAt: "2026-12-07T01:00:00.000Z",
    suspendedAt: null,
    determinedAt: null,
    finalizedAt: null,
    ...patch,
  };
}

/** A doubtful shot: the AI read the 10 pin standing after a full rack. */
export function review(patch: Partial<ShotReview> = {}): ShotReview {
  return {
    shot: {
      id: "shot-0001",
      laneId: "1",
      releasedAt: "2026-12-07T01:00:05.000Z",
      reason: "unsure",
    },
    proposed: { standing: 0b10_0000_0000, pinsStanding: [10], foul: false },
    pinConfidence: 0.62,
    trackConfidence: 0.9,
    foulConfidence: null,
    launchSpeedMph: 16.2,
    models: { ball: "ball-v3", pins: "pins-v2" },
    path: [{ captureTimeMs: 1000, board: 20, ft: 0 }, { captureTimeMs: 2000, board: 10, ft: 60 }],
    pinProbabilities: [0.01, 0.02, 0.02, 0.05, 0.03, 0.04, 0.1, 0.1, 0.2, 0.55],
    markets: [market({ state: "suspended", version: 2 })],
    ...patch,
  };
}
