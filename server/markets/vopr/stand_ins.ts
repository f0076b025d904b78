/**
 * What the VOPR does itself while a colleague's piece has not landed on this
 * branch yet, each through the same server code the real piece calls: a
 * sandbox deposit straight through the ledger, the wallet from the ledger's
 * balance, and (without the markets engine) a strike market opened on
 * rack-ready and suspension by `suspendForEvent` on approach/release.
 * Each run says which stand-ins it used.
 */
import { suspendForEvent } from "../suspend.ts";
import type { World } from "./world.ts";

export async function standInDeposit(w: World, userId: string, key: string, amount: number) {
  w.standIns.add("deposit");
  await w.sql.begin((tx) =>
    w.app.deps.ledger.transfer(tx, {
      id: `deposit:${userId}:${key}`,
      debit: { kind: "clearing", owner: "sandbox" },
      credit: { kind: "user", owner: userId },
      amount,
      code: "deposit",
    })
  );
}

export async function standInWallet(w: World, userId: string) {
  w.standIns.add("wallet");
  const b = await w.app.deps.ledger.balance(w.sql, userId);
  return { available: b.available, pending: b.pending };
}

export async function standInOpen(
  w: World,
  laneId: string,
  b: { sessionId: string; bowlerId: string; frame: number; ball: number; standing: number },
) {
  w.standIns.add("open");
  if (b.standing !== 1023) return;
  await w.sql`
    insert into markets (lane_id, session_id, bowler_id, frame, ball, kind, standing, currency,
                         takeout_bps, fair)
    values (${laneId}, ${b.sessionId}, ${b.bowlerId}, ${b.frame}, ${b.ball}, 'strike', 1023, 'USD',
            1000, ${w.sql.json({ yes: 0.3, no: 0.7 })})
    on conflict do nothing`;
}

export async function standInSuspend(w: World, laneId: string, captureTimeMs: number) {
  w.standIns.add("suspend");
  await suspendForEvent(w.app.deps, { laneId, captureTimeMs });
}
