/**
 * The simulated lanes' keeper (`SIM_SESSIONS`): keeps a session of two to
 * four simulated bowlers open on every enabled lane whose video comes from
 * the simulator, so the demo scores games and opens, suspends and settles
 * markets with nobody at the console. It opens a session where a sim lane has
 * none, and closes one it opened once every game is complete and opens the
 * next. It acts as the server itself (audited with no user, `system`
 * "sim-keeper") and never fights staff: a session a person opened is left
 * alone, a disabled lane is skipped. Two keepers (two API instances) may race:
 * the one-open-session-per-lane index lets one open and the other shrug.
 *
 * @example
 * ```ts ignore
 * const keeper = createSimKeeper({ sql: db.sql, deps });
 * keeper.start();
 * // …
 * await keeper.stop();
 * ```
 * @module
 */
import { DomainError } from "../../core/problem.ts";
import type { Sql } from "../db.ts";
import { createKeeperLoop } from "./keeper_loop.ts";
import type { JobLock } from "../jobs/job_lock.ts";
import type { BowlerInput, SessionDeps, SystemActor } from "./common.ts";
import { closeSession, openSession } from "./lifecycle.ts";
import { getSheet } from "./reads.ts";

/** How the keeper's sessions and audit entries are marked. */
export const SIM_KEEPER = "sim-keeper";
const ACTOR: SystemActor = { system: SIM_KEEPER };
const NAMES = [
  "Ana",
  "Ben",
  "Cleo",
  "Dev",
  "Esme",
  "Finn",
  "Gia",
  "Hugo",
  "Ines",
  "Jude",
  "Kai",
  "Lola",
  "Milo",
  "Nia",
  "Omar",
  "Pia",
] as const;
const DEFAULT_INTERVAL_MS = 2_000;

/** What one pass did on one lane. */
export type KeeperAction =
  | "opened" // the lane had no session: one opened
  | "replaced" // its session was complete: closed, the next opened
  | "kept" // its session is still being played
  | "staff" // a person's session: left alone
  | "raced"; // another keeper (or staff) got there first

export interface SimKeeperOptions {
  sql: Sql;
  /** Where new sheets are published (the server's deps). */
  deps: SessionDeps;
  /** Time between passes (default 2 s). */
  intervalMs?: number;
  /** Runs each pass of the loop (several instances: one at a time, server/jobs/job_lock.ts). */
  lock?: JobLock;
}

export interface SimKeeper {
  /** One pass over the sim lanes: lane id → what was done. */
  tick(): Promise<Map<string, KeeperAction>>;
  start(): void;
  /** Stops the passes and waits for the one running. */
  stop(): Promise<void>;
}

/**
 * The lane's simulated bowlers: always the same two to four for a lane, and
 * (for the first lanes) not shared with another lane, so a bowler's history
 * is their own.
 */
export function simBowlers(laneId: string): BowlerInput[] {
  let h = 0;
  for (const c of laneId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const count = 2 + (h % 3);
  const first = (Number(laneId) || h) * 4;
  return Array.from({ length: count }, (_, i) => ({ name: NAMES[(first + i) % NAMES.length] }));
}

export function createSimKeeper(o: SimKeeperOptions): SimKeeper {
  const { sql, deps } = o;
  const intervalMs = o.intervalMs ?? DEFAULT_INTERVAL_MS;

  async function open(laneId: string, action: KeeperAction): Promise<KeeperAction> {
    try {
      await openSession(sql, deps, laneId, simBowlers(laneId), ACTOR);
      return action;
    } catch (err) {
      if (
        err instanceof DomainError && (err.code === "session_open" || err.code === "lane_disabled")
      ) {
        return "raced";
      }
      throw err;
    }
  }

  async function keepLane(lane: SimLaneRow): Promise<KeeperAction> {
    if (!lane.session_id) return await open(lane.id, "opened");
    if (lane.opened_by_system !== SIM_KEEPER) return "staff";
    const sheet = await getSheet(sql, lane.session_id);
    if (!sheet.complete) return "kept";
    try {
      await closeSession(sql, deps, lane.session_id, ACTOR);
    } catch (err) {
      // Closed by someone else meanwhile: open the next all the same.
      if (!(err instanceof DomainError && err.code === "session_closed")) throw err;
    }
    return await open(lane.id, "replaced");
  }

  async function tick(): Promise<Map<string, KeeperAction>> {
    const lanes = await sql<SimLaneRow[]>`
      select l.id, s.id as session_id, s.opened_by_system
      from lanes l
      left join bowling_sessions s on s.lane_id = l.id and s.status = 'open'
      where l.source_kind = 'sim' and l.enabled
      order by l.sort_order, l.id`;
    const done = new Map<string, KeeperAction>();
    for (const lane of lanes) {
      try {
        done.set(lane.id, await keepLane(lane));
      } catch (err) {
        console.error(`sim keeper: lane "${lane.id}":`, err instanceof Error ? err.message : err);
      }
    }
    return done;
  }

  return { tick, ...createKeeperLoop("sim keeper", tick, intervalMs, o.lock) };
}

interface SimLaneRow {
  id: string;
  session_id: string | null;
  opened_by_system: string | null;
}
