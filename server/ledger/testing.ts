/** Test helpers for ledger code: a market row to hold stakes against. */
import type { SqlOrTx } from "../db.ts";

/** A market row in `state` on lane "1" (with the session and bowler it needs). */
export async function insertMarket(
  sql: SqlOrTx,
  state: string,
  bowler = "Ana",
  frame = 1,
): Promise<string> {
  const [s] = await sql<{ id: string }[]>`
    insert into bowling_sessions (lane_id, status, closed_at) values ('1', 'closed', now()) returning id`;
  const [b] = await sql<{ id: string }[]>`
    insert into session_bowlers (session_id, position, name) values (${s.id}, 1, ${bowler}) returning id`;
  const result = ["determined", "finalized", "disputed"].includes(state) ? "yes" : null;
  const [m] = await sql<{ id: string }[]>`
    insert into markets (lane_id, session_id, bowler_id, frame, ball, kind, standing, state, currency,
                         takeout_bps, result)
    values ('1', ${s.id}, ${b.id}, ${frame}, 1, 'strike', 1023, ${state}, 'USD', 1000, ${result})
    returning id`;
  return m.id;
}
