/**
 * `GET /api/wallet/transactions.csv`: the caller's whole history (newest
 * first, at most {@linkcode CSV_MAX_ROWS} rows) as a spreadsheet-safe CSV
 * download (core/csv.ts quotes and defuses formula cells).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { decimalAmount, toCsv } from "../../core/csv.ts";
import type { WalletTransaction } from "../../core/markets.ts";
import { auth, createApi, createRoute, errors } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { ROLES } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { listTransactions, type WalletOptions } from "../ledger/wallet.ts";
import type { SqlOrTx } from "../db.ts";

/** The most rows one download holds (the newest). */
export const CSV_MAX_ROWS = 10_000;
const PAGE = 200;

export const CSV_HEADER = [
  "date",
  "kind",
  "description",
  "amount",
  "currency",
  "state",
  "demo",
  "id",
] as const;

/** One transaction as a CSV row (amount as a plain decimal: "-5.00"). */
export function csvRow(tx: WalletTransaction): (string | boolean)[] {
  return [
    tx.createdAt,
    tx.kind,
    tx.description,
    decimalAmount(tx.amount),
    tx.currency,
    tx.state,
    tx.demo,
    tx.id,
  ];
}

/** The user's transactions, newest first, `page` at a time up to `max`. */
export async function allTransactions(
  sql: SqlOrTx,
  o: WalletOptions,
  userId: string,
  { max = CSV_MAX_ROWS, page: pageSize = PAGE }: { max?: number; page?: number } = {},
): Promise<WalletTransaction[]> {
  const out: WalletTransaction[] = [];
  let before: string | undefined;
  while (out.length < max) {
    const page = await listTransactions(sql, o, userId, {
      limit: Math.min(pageSize, max - out.length),
      before,
    });
    out.push(...page.items);
    if (!page.next) break;
    before = page.next;
  }
  return out;
}

const route = createRoute({
  method: "get",
  path: "/wallet/transactions.csv",
  tags: ["Wallet"],
  summary: "The caller's transactions as CSV",
  description: `Newest first, at most ${CSV_MAX_ROWS} rows. Columns: ${CSV_HEADER.join(", ")}. ` +
    "Text cells a spreadsheet would run as a formula start with `'`.",
  ...auth(...ROLES),
  responses: {
    200: { description: "CSV", content: { "text/csv": { schema: { type: "string" } } } },
    ...errors(401, 403),
  },
});

export function walletCsvRoutes(deps: AppDeps): OpenAPIHono {
  const o = { ledger: deps.ledger, demo: deps.config.SANDBOX_DEPOSITS };
  return createApi().openapi(route, async (c) => {
    const items = await allTransactions(deps.db.sql, o, currentUser(c.var).id);
    const day = new Date().toISOString().slice(0, 10);
    return c.body(toCsv(CSV_HEADER, items.map(csvRow)), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="lanecast-transactions-${day}.csv"`,
      "cache-control": "private, no-store",
    });
  });
}
