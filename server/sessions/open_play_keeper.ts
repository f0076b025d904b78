/**
 * The open-play keeper (`OPEN_PLAY`): every few seconds, each enabled lane
 * whose camera is live (the SFU has its picture) and that has no session gets
 * an open-play game (server/sessions/open_play.ts), so a spectator who
 * arrives sees a game before the first ball, and a complete open-play game is
 * replaced. A lane where a session was closed gets one only after a ball was
 * bowled since (the shot itself opens it when it is scored), so staff who
 * close open play are not answered by a new one at once. Two keepers (two
 * API instances) may race: the one-open-session-per-lane index lets one open.
 *
 * @example
 * ```ts ignore
 * const keeper = createOpenPlayKeeper({ sql, deps, liveLanes, scope: { simSessions: true } });
 * keeper.start();
 * await keeper.stop();
 * ```
 * @module
 */
import type { Sql } from "../db.ts";
import { createKeeperLoop } from "./keeper_loop.ts";
import type { JobLock } from "../jobs/job_lock.ts";
import { publish, type SessionDeps } from "./common.ts";
import { ensureOpenPlay, type OpenPlayScope } from "./open_play.ts";

const DEFAULT_INTERVAL_MS = 3_000;

export interface OpenPlayKeeperOptions {
  sql: Sql;
  deps: SessionDeps;
  /** The lanes whose camera is live now (null when the SFU cannot say: nothing opens). */
  liveLanes(): Promise<ReadonlySet<string> | null>;
  scope: OpenPlayScope;
  /** Time between passes (default 3 s). */
  intervalMs?: number;
  /** Runs each pass of the loop (several instances: one at a time, server/jobs/job_lock.ts). */
  lock?: JobLock;
}

export interface OpenPlayKeeper {
  /** One pass: the lanes where a game was opened or replaced. */
  tick(): Promise<string[]>;
  start(): void;
  /** Stops the passes and waits for the one running. */
  stop(): Promise<void>;
}

export function createOpenPlayKeeper(o: OpenPlayKeeperOptions): OpenPlayKeeper {
  const { sql, deps } = o;
  const intervalMs = o.intervalMs ?? DEFAULT_INTERVAL_MS;

  async function tick(): Promise<string[]> {
    const live = await o.liveLanes();
    if (!live?.size) return [];
    // Lanes without a session since their last ball (or ever), or with open play running.
    const lanes = await sql<{ id: string; last_shot_at: Date | null }[]>`
      select l.id,
        (select max(released_at) from shots where lane_id = l.id) as last_shot_at
      from lanes l
      where l.enabled and l.id = any(${[...live]}::text[])
        and not exists (
          select 1 from bowling_sessions s
          where s.lane_id = l.id and s.status = 'open'
            and s.opened_by_system is distinct from 'open-play')
      order by l.sort_order, l.id`;
    const changed: string[] = [];
    for (const lane of lanes) {
      try {
        const sheets = await sql.begin((tx) =>
          ensureOpenPlay(tx, lane.id, { at: new Date(), bowledAt: lane.last_shot_at }, o.scope)
        );
        sheets.forEach((s) => publish(deps, s));
        if (sheets.length) changed.push(lane.id);
      } catch (err) {
        console.error(`open play: lane "${lane.id}":`, err instanceof Error ? err.message : err);
      }
    }
    return changed;
  }

  return { tick, ...createKeeperLoop("open play", tick, intervalMs, o.lock) };
}
