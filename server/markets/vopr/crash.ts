/**
 * Simulated crashes for the VOPR: a trigger, armed for one row, that kills
 * the transaction writing it — on PostgreSQL by terminating its own backend
 * (the connection drops mid-transaction, as when a server process dies), on
 * PGlite (one in-process backend) by raising an error. Either way nothing of
 * that transaction may remain. The arming survives the rollback it causes
 * only as a spent ticket: sequences are not transactional, so the crash
 * fires exactly once however the writer retries.
 *
 * Test databases only: installed by the harness, never by a migration.
 */
import { isDroppedConnectionWrite } from "../../db_guard.ts";
import type { Sql } from "../../db.ts";
import type { DbKind } from "../../db.ts";

/** Where a crash can be armed: the row whose insert dies. */
export type CrashPoint =
  | "bet" // a bet's insert (its hold already written)
  | "stake-post" // settlement posting the holds
  | "payout" // settlement paying a winner
  | "refund" // a refund
  | "stake-void" // a hold voided (past-posting, void market)
  | "deposit" // a provider's deposit credited
  | "chargeback" // money a provider took back (refund, dispute)
  | "withdrawal"; // a withdrawal's hold

/**
 * `dropConnection`: on PostgreSQL the crash terminates the backend (the connection drops);
 * otherwise, and always on PGlite, it raises an error in the transaction.
 */
export async function installCrashTriggers(
  sql: Sql,
  kind: DbKind,
  dropConnection = kind === "postgres",
): Promise<void> {
  const die = kind === "postgres" && dropConnection
    ? "perform pg_terminate_backend(pg_backend_pid());"
    : "raise exception 'vopr: simulated crash at %', p;";
  await sql.unsafe(`
    create table if not exists vopr_crash (point text primary key, ticket bigint not null);
    create sequence if not exists vopr_crash_ticket;
    create or replace function vopr_crash_fire() returns trigger language plpgsql as $$
    declare
      p text := case when tg_table_name = 'bets' then 'bet' else split_part(new.id::text, ':', 1) end;
      armed bigint;
    begin
      select c.ticket into armed from vopr_crash c where c.point = p;
      if armed is not null and nextval('vopr_crash_ticket') = armed then
        ${die}
      end if;
      return new;
    end $$;
    drop trigger if exists vopr_crash_bets on bets;
    create trigger vopr_crash_bets after insert on bets for each row execute function vopr_crash_fire();
    drop trigger if exists vopr_crash_transfers on ledger_transfers;
    create trigger vopr_crash_transfers after insert on ledger_transfers
      for each row execute function vopr_crash_fire();
  `);
}

/** Arms one crash at `point`: the next row written there dies with its transaction. */
export async function armCrash(sql: Sql, point: CrashPoint): Promise<void> {
  const [{ t }] = await sql<{ t: string }[]>`select nextval('vopr_crash_ticket') as t`;
  await sql`
    insert into vopr_crash (point, ticket) values (${point}, ${Number(t) + 1})
    on conflict (point) do update set ticket = excluded.ticket`;
}

/** Whether the armed crash fired (its ticket was taken); disarms it. */
export async function disarmCrash(sql: Sql, point: CrashPoint): Promise<boolean> {
  const [row] = await sql<{ fired: boolean }[]>`
    select (select last_value from vopr_crash_ticket) >= ticket as fired
    from vopr_crash where point = ${point}`;
  await sql`delete from vopr_crash where point = ${point}`;
  return row?.fired ?? false;
}

/**
 * postgres.js 3.4.9 answers a connection dropped inside `sql.begin` by writing
 * its ROLLBACK to the closed socket from a timer: an uncaught TypeError that
 * ends the process unless server/db_guard.ts catches it (createDb installs
 * it). While the harness drops
 * connections on purpose it takes exactly that error, counts it and goes on;
 * anything else still ends the run.
 */
export function tolerateDroppedConnections(): { readonly count: number; [Symbol.dispose](): void } {
  let count = 0;
  const onError = (e: ErrorEvent) => {
    if (isDroppedConnectionWrite(e.error)) {
      count++;
      e.preventDefault();
    }
  };
  globalThis.addEventListener("error", onError);
  return {
    get count() {
      return count;
    },
    [Symbol.dispose]: () => globalThis.removeEventListener("error", onError),
  };
}
