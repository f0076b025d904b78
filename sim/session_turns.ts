/**
 * The simulated pinsetter follows the lane's scoring, as a real one does: when
 * the lane has an open session (a person's or the simulated bowlers' one the
 * server keeps, `SIM_SESSIONS`), each new shot is thrown by the bowler whose
 * turn it is, in their frame and ball, at the rack their game expects. Without
 * this, a multi-bowler session and the simulator's own one-bowler game part
 * ways at the first tenth-frame bonus ball, and every shot after that cannot
 * be scored. With no open session the simulator plays on by itself.
 *
 * The sheet comes from the server's public `GET /api/lanes/{id}/session`,
 * polled; a sheet that does not have every shot thrown yet (the sidecar and
 * the scoring are a moment behind) is not used for the next shot: the
 * simulator's own next slot already follows from the slot it took from it.
 * Shots the server sent to staff review never become balls, so the lane's
 * recent shots (`GET /api/lanes/{id}/shots`) are read too, to not wait for them.
 *
 * @example
 * ```ts ignore
 * const turns = createSessionTurns({ serverUrl: "http://127.0.0.1:8000" });
 * turns.watch("1");
 * const slot = turns.steer("1", planned); // at the moment shot n is planned
 * ```
 * @module
 */
import { FULL_RACK, standingOf } from "../core/pins.ts";
import type { Sheet } from "../core/session_sheet.ts";
import type { BallSlot } from "./frame_logic.ts";

/** A sheet still behind this long after the last shot taken from it is trusted again. */
export const STALE_AFTER_MS = 60_000;
const POLL_MS = 500;
/** Recent shots read to learn which were sent to staff review (they never become balls). */
const SHOTS_READ = 8;

/** What the steering remembers of a lane: the sheet it last took a shot from, and shots since. */
export interface SteerMemo {
  sessionId: string;
  /** Balls on that sheet. */
  balls: number;
  /** Shots planned since (that one included): each should become a ball on the sheet. */
  shots: number;
  atMs: number;
}

/**
 * The slot of the next shot: the session's turn when the sheet has every shot
 * thrown since the last one taken from it (but those sent to review, counted by
 * `reviewedSince(ms)`: shots released since then), else the simulator's own
 * `planned` slot (which follows from the slot it took). A sheet still behind
 * after {@linkcode STALE_AFTER_MS} is trusted again. Each session bowler keeps
 * one throwing style (the slot's `game` picks the simulated bowler): their
 * position in the session.
 */
export function steerSlot(
  planned: BallSlot,
  sheet: Sheet | null,
  memo: SteerMemo | null,
  nowMs: number,
  reviewedSince: (ms: number) => number = () => 0,
): { slot: BallSlot; memo: SteerMemo | null } {
  if (!sheet || sheet.status !== "open" || !sheet.turn) return { slot: planned, memo: null };
  const balls = sheet.bowlers.reduce(
    (n, b) => n + b.frames.reduce((m, f) => m + f.balls.length, 0),
    0,
  );
  const behind = memo?.sessionId === sheet.id &&
    balls < memo.balls + memo.shots - reviewedSince(memo.atMs) &&
    nowMs - memo.atMs < STALE_AFTER_MS;
  if (behind) return { slot: planned, memo: { ...memo, shots: memo.shots + 1 } };
  const { frame, ball, pinsStanding, bowlerId } = sheet.turn;
  const standing = standingOf(pinsStanding);
  const bowler = sheet.bowlers.find((b) => b.id === bowlerId);
  return {
    slot: {
      game: bowler?.position ?? planned.game,
      frame,
      ball: ball as BallSlot["ball"],
      standingBefore: standing,
      // Frame 10: a full rack for ball 2 means ball 1 was a strike, which earns a third.
      bonus: frame === 10 && (ball === 3 || (ball === 2 && standing === FULL_RACK)),
    },
    memo: { sessionId: sheet.id, balls, shots: 1, atMs: nowMs },
  };
}

export interface SessionTurns {
  /** Starts polling the lane's open session. */
  watch(laneId: string): void;
  /** The slot for the shot being planned now on the lane (see {@linkcode steerSlot}). */
  steer(laneId: string, planned: BallSlot): BallSlot;
  stop(): void;
}

export function createSessionTurns(o: {
  serverUrl: string;
  pollMs?: number;
  now?: () => number;
}): SessionTurns {
  const now = o.now ?? Date.now;
  const sheets = new Map<string, Sheet | null>();
  const shots = new Map<string, { releasedAtMs: number; status: string }[]>();
  const memos = new Map<string, SteerMemo | null>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let stopped = false;

  async function poll(laneId: string): Promise<void> {
    try {
      const [sheet, recent] = await Promise.all([
        fetch(`${o.serverUrl}/api/lanes/${laneId}/session`),
        fetch(`${o.serverUrl}/api/lanes/${laneId}/shots?limit=${SHOTS_READ}`),
      ]);
      if (sheet.ok) sheets.set(laneId, await sheet.json() as Sheet);
      else {
        await sheet.body?.cancel();
        if (sheet.status === 404) sheets.set(laneId, null);
      }
      if (recent.ok) shots.set(laneId, await recent.json());
      else await recent.body?.cancel();
    } catch { /* server away: keep the last ones */ }
    if (stopped) return;
    const t = setTimeout(() => {
      timers.delete(t);
      poll(laneId);
    }, o.pollMs ?? POLL_MS);
    timers.add(t);
  }

  return {
    watch(laneId) {
      if (sheets.has(laneId)) return;
      sheets.set(laneId, null);
      poll(laneId);
    },
    steer(laneId, planned) {
      const reviewedSince = (ms: number) =>
        (shots.get(laneId) ?? []).filter((s) => s.status === "review" && s.releasedAtMs > ms)
          .length;
      const r = steerSlot(
        planned,
        sheets.get(laneId) ?? null,
        memos.get(laneId) ?? null,
        now(),
        reviewedSince,
      );
      memos.set(laneId, r.memo);
      return r.slot;
    },
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
