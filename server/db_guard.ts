/**
 * A guard for one postgres.js 3.4.9 fault under Deno: when the database drops
 * a connection inside `sql.begin`, the library still writes the transaction's
 * ROLLBACK to the closed socket from a `setImmediate`, which throws
 * `TypeError: Cannot read properties of null (reading 'write')` outside any
 * promise: uncaught, it would end the process. The server has rolled the
 * transaction back already (the session is gone), so the error is logged and
 * swallowed; the request that ran the transaction fails with the driver's
 * connection error (answered 503 `unavailable` at the boundary).
 *
 * Matched narrowly: only that TypeError thrown from the driver's `nextWrite`.
 * @module
 */

let installed = false;

/** Installs the global handler once per process. */
export function guardDroppedConnections(): void {
  if (installed) return;
  installed = true;
  globalThis.addEventListener("error", (event) => {
    if (!isDroppedConnectionWrite(event.error)) return;
    event.preventDefault();
    console.error(
      "[db] a database connection dropped inside a transaction; its rollback was skipped",
    );
  });
}

/** The driver's write to a socket it has already closed. */
export function isDroppedConnectionWrite(err: unknown): boolean {
  return err instanceof TypeError &&
    err.message === "Cannot read properties of null (reading 'write')" &&
    /nextWrite[^\n]*postgres[^\n]*connection\.js/.test(err.stack ?? "");
}

/** postgres.js error codes meaning the database connection is gone or unreachable. */
const CONNECTION_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
]);

/** True for a driver error saying the database cannot be reached right now. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && CONNECTION_CODES.has(code);
}
