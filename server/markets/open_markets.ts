/**
 * Opening a lane's markets for the ball about to be thrown, in one
 * transaction: the lane's open session's turn (whose ball, which frame, the
 * rack) gets the markets core/market_kinds.ts offers, priced from the
 * bowler's history, each inserted `on conflict do nothing` (one per ball and
 * kind: a repeat opens nothing). The lane's still-open markets of another
 * ball are settled first: a ball that has been recorded meanwhile (manual
 * play, no approach seen) is suspended so settlement determines it; a ball
 * that will never be thrown now (the turn moved: a correction, a removed
 * bowler, a closed session) is voided (`turn-moved`) and its stakes returned.
 *
 * A `rack-ready` whose rack differs from the one the turn faces means the
 * turn's ball was thrown while its markets stayed open (no approach or
 * release was seen): they are suspended, and settlement decides them.
 *
 * A ball is never opened twice: if any market of it has left `open`
 * (suspended, determined, …) nothing new opens on it, so a `rack-ready`
 * that overtakes the shot's scoring cannot reopen the ball just thrown.
 *
 * @example
 * ```ts ignore
 * const changed = await syncLaneMarkets(deps, "3", { open: true, rackStanding: 1023 });
 * ```
 * @module
 */
import { marketsForBall } from "../../core/market_kinds.ts";
import { standingOf } from "../../core/pins.ts";
import type { Sheet } from "../../core/session_sheet.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import type { Ledger } from "../ledger/ledger.ts";
import { findLaneSheet } from "../sessions/reads.ts";
import { voidOpenBets } from "./bet_voids.ts";
import { bowlerHistory } from "./history.ts";

export interface OpenDeps {
  db: { sql: Sql };
  ledger: Ledger;
  config: { TAKEOUT_BPS: number };
}

/** The bet and market void reason when the ball a market was on will not be thrown. */
export const TURN_MOVED = "turn-moved";

export interface SyncResult {
  opened: string[];
  /** Markets suspended (their ball was recorded) or voided (turn moved). */
  changed: string[];
  voidedBetIds: string[];
}

interface OpenMarket {
  id: string;
  session_id: string;
  bowler_id: string;
  frame: number;
  ball: number;
}

/** Whether the sheet holds the market's ball already (it was bowled). */
function wasBowled(sheet: Sheet | null, m: OpenMarket): boolean {
  if (!sheet || sheet.id !== m.session_id) return false;
  const bowler = sheet.bowlers.find((b) => b.id === m.bowler_id);
  return (bowler?.frames[m.frame - 1]?.balls.length ?? 0) >= m.ball;
}

/** Open → suspended without a capture time (the ball's own events, when they come, set the cutoff). */
async function suspendThrown(tx: SqlOrTx, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await tx`
    update markets set state = 'suspended', version = version + 1, suspended_at = now(),
                       updated_at = now()
    where id = any(${ids}::uuid[])`;
}

async function settleStale(
  tx: SqlOrTx,
  ledger: Ledger,
  sheet: Sheet | null,
  stale: OpenMarket[],
): Promise<string[]> {
  await suspendThrown(tx, stale.filter((m) => wasBowled(sheet, m)).map((m) => m.id));
  const moved = stale.filter((m) => !wasBowled(sheet, m)).map((m) => m.id);
  if (!moved.length) return [];
  await tx`
    update markets set state = 'void', version = version + 1, void_reason = ${TURN_MOVED},
                       updated_at = now()
    where id = any(${moved}::uuid[])`;
  return await voidOpenBets(tx, ledger, moved, TURN_MOVED);
}

async function openTurn(
  tx: SqlOrTx,
  deps: OpenDeps,
  sheet: Sheet,
  turn: NonNullable<Sheet["turn"]>,
): Promise<string[]> {
  const [{ left }] = await tx<{ left: number }[]>`
    select count(*)::int as left from markets
    where session_id = ${sheet.id} and bowler_id = ${turn.bowlerId} and frame = ${turn.frame}
      and ball = ${turn.ball} and state <> 'open'`;
  if (left > 0) return [];
  const standing = standingOf(turn.pinsStanding);
  const offers = marketsForBall(
    { frame: turn.frame, ball: turn.ball, standing },
    await bowlerHistory(tx, turn.bowlerId),
  );
  const opened: string[] = [];
  for (const o of offers) {
    const rows = await tx<{ id: string }[]>`
      insert into markets (lane_id, session_id, bowler_id, frame, ball, kind, line, standing,
                           currency, takeout_bps, fair)
      values (${sheet.laneId}, ${sheet.id}, ${turn.bowlerId}, ${turn.frame}, ${turn.ball},
              ${o.kind}, ${o.line ?? null}, ${standing}, ${deps.ledger.currency},
              ${deps.config.TAKEOUT_BPS}, ${tx.json(o.fair)})
      on conflict (session_id, bowler_id, frame, ball, kind) do nothing
      returning id`;
    opened.push(...rows.map((r) => r.id));
  }
  return opened;
}

/**
 * Brings a lane's markets in line with its open session's turn. With
 * `open`, the turn's markets are opened too — unless `rackStanding` (the
 * pins the AI saw standing) differs from the rack the sheet says the turn
 * faces: then the sheet has not caught up with the ball just thrown, and the
 * ball's recording will open them.
 */
export async function syncLaneMarkets(
  deps: OpenDeps,
  laneId: string,
  o: { open: boolean; rackStanding?: number },
): Promise<SyncResult> {
  return await deps.db.sql.begin(async (tx) => {
    const sheet = await findLaneSheet(tx, laneId);
    const turn = sheet?.turn ?? null;
    const open = await tx<OpenMarket[]>`
      select id, session_id, bowler_id, frame, ball from markets
      where lane_id = ${laneId} and state = 'open' order by id for update`;
    const stale = open.filter((m) =>
      !turn || m.session_id !== sheet!.id || m.bowler_id !== turn.bowlerId ||
      m.frame !== turn.frame || m.ball !== turn.ball
    );
    const voidedBetIds = await settleStale(tx, deps.ledger, sheet, stale);
    const rackMatches = o.rackStanding === undefined ||
      (turn !== null && o.rackStanding === standingOf(turn.pinsStanding));
    // The AI sees another rack than the turn faces: the turn's ball was thrown unseen.
    const thrown = rackMatches ? [] : open.filter((m) => !stale.includes(m)).map((m) => m.id);
    await suspendThrown(tx, thrown);
    const opened = o.open && sheet && turn && rackMatches
      ? await openTurn(tx, deps, sheet, turn)
      : [];
    return { opened, changed: [...stale.map((m) => m.id), ...thrown], voidedBetIds };
  });
}
