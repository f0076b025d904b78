/** Test helpers for markets: a lane's open session, a market row, a bet row (raw, no rules). */
import type { MarketKind } from "../../core/markets.ts";
import type { SqlOrTx } from "../db.ts";
import { checkLedger } from "../ledger/check.ts";
import { openSession } from "../sessions/service.ts";
import type { createTestApp } from "../testing.ts";

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** Opens a session of `names` on `laneId` as staff; returns the session id and bowler ids in order. */
export async function openTestSession(t: TestApp, laneId: string, names: string[]) {
  const staff = await t.as("staff", "session-staff");
  const sheet = await openSession(
    t.deps.db.sql,
    t.deps,
    laneId,
    names.map((name) => ({ name })),
    { user: staff },
  );
  return { sessionId: sheet.id, bowlerIds: sheet.bowlers.map((b) => b.id), sheet };
}

export interface TestMarket {
  laneId: string;
  sessionId: string;
  bowlerId: string;
  frame?: number;
  ball?: number;
  kind?: MarketKind;
  line?: number | null;
  state?: string;
  fair?: Record<string, number>;
}

/** Inserts a market row as given (no rules) and returns its id. */
export async function insertTestMarket(sql: SqlOrTx, m: TestMarket): Promise<string> {
  const kind = m.kind ?? "strike";
  const line = m.line ?? (kind.endsWith("over-under") ? 7.5 : null);
  const [row] = await sql<{ id: string }[]>`
    insert into markets (lane_id, session_id, bowler_id, frame, ball, kind, line, standing, state,
                         currency, takeout_bps, fair)
    values (${m.laneId}, ${m.sessionId}, ${m.bowlerId}, ${m.frame ?? 1}, ${m.ball ?? 1}, ${kind},
            ${line}, 1023, ${m.state ?? "open"}, 'USD', 1000,
            ${sql.json(m.fair ?? { yes: 0.3, no: 0.7 })})
    returning id`;
  return row.id;
}

/** Credits `amount` to a user's wallet (a sandbox deposit straight through the ledger). */
export async function fund(t: TestApp, userId: string, amount: number): Promise<void> {
  await t.deps.db.sql.begin((tx) =>
    t.deps.ledger.transfer(tx, {
      id: `deposit:${userId}:${crypto.randomUUID()}`,
      debit: { kind: "clearing", owner: "sandbox" },
      credit: { kind: "user", owner: userId },
      amount,
      code: "deposit",
    })
  );
}

/** What a refused request must leave untouched: every transfer, bet and user balance. */
export async function moneySnapshot(t: TestApp) {
  const [row] = await t.deps.db.sql<{ transfers: number; bets: number; totals: string }[]>`
    select (select count(*) from ledger_transfers)::int as transfers,
           (select count(*) from bets)::int as bets,
           (select coalesce(string_agg(owner || '=' || credits_posted || '/' || debits_posted || '/' ||
                   debits_pending, ',' order by owner), '') from ledger_accounts where kind = 'user') as totals`;
  return row;
}

type Headers = Record<string, string>;

/** `app.request` with JSON, for `/api` paths. */
export function client(t: TestApp) {
  const send = (method: string, path: string, body?: unknown, headers: Headers = {}) =>
    t.app.request(`/api${path}`, {
      method,
      headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  return {
    get: (path: string, headers?: Headers) => send("GET", path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Headers) => send("POST", path, body, headers),
  };
}

/** Fails the test unless the ledger's invariants hold (server/ledger/check.ts). */
export async function assertLedgerOk(t: TestApp): Promise<void> {
  const check = await checkLedger(t.deps.db.sql);
  if (!check.ok) throw new Error(`Ledger violations: ${JSON.stringify(check.violations)}`);
}

/** The SSE events (`event:`/`data:` pairs) in `text`, data parsed. */
export function sseEvents(text: string): { type: string; data: unknown }[] {
  return [...text.matchAll(/event: ([a-z-]+)\ndata: (.*)\n/g)].map((m) => ({
    type: m[1],
    data: JSON.parse(m[2]),
  }));
}

/** Reads an SSE stream until `want` matches the text so far, or fails after `ms`. */
export async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  want: (text: string) => boolean,
  ms = 10_000,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + ms;
  while (!want(text)) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Timed out; got:\n${text}`)),
        deadline - Date.now(),
      );
    });
    try {
      const { value, done } = await Promise.race([reader.read(), timeout]);
      if (done) throw new Error(`Stream ended; got:\n${text}`);
      text += decoder.decode(value, { stream: true });
    } finally {
      clearTimeout(timer);
    }
  }
  return text;
}
