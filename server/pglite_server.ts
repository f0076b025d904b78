/**
 * The embedded database: PGlite (PostgreSQL compiled to WASM) served on a
 * loopback TCP socket, so the app talks to it with the same `postgres`
 * driver it uses for a real server.
 *
 * PGlite is one backend with one session. The socket server therefore
 * accepts a single client connection (a second one is turned away), and the
 * client must use one connection too: see {@linkcode PGLITE_CLIENT_OPTIONS}.
 * postgres.js queues queries on that connection, so concurrent callers wait
 * rather than fail.
 *
 * @example
 * ```ts
 * import postgres from "postgres";
 * import { PGLITE_CLIENT_OPTIONS, startPglite } from "./pglite_server.ts";
 *
 * const pglite = await startPglite({ dataDir: "memory://" });
 * const sql = postgres(pglite.url, PGLITE_CLIENT_OPTIONS);
 * await sql`select 1`;
 * await sql.end();
 * await pglite.close();
 * ```
 * @module
 */
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/** `dataDir` value that keeps the database in memory only. */
export const MEMORY_DATA_DIR = "memory://";

export interface PgliteOptions {
  /** Folder that holds the database files, or `"memory://"` for none. */
  dataDir: string;
  /** Loopback port to listen on; 0 (the default) picks a free one. */
  port?: number;
}

export interface PgliteServer {
  /** `postgres://` URL of the socket, for the `postgres` driver. */
  readonly url: string;
  /** Waits for clients to go, stops listening and closes PGlite. */
  close(): Promise<void>;
}

/**
 * Driver options for talking to PGlite through the socket: one connection
 * that is never recycled (each reconnect would race the server's one slot).
 */
export const PGLITE_CLIENT_OPTIONS = Object.freeze({
  max: 1,
  idle_timeout: 0,
  max_lifetime: 0,
});

const HOST = "127.0.0.1";
const CLIENT_DRAIN_MS = 2_000;

/** Starts PGlite and serves it on `127.0.0.1:port`. */
export async function startPglite(options: PgliteOptions): Promise<PgliteServer> {
  const { dataDir, port = 0 } = options;
  if (dataDir !== MEMORY_DATA_DIR) await Deno.mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host: HOST, port, maxConnections: 1 });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw new Error(`Cannot serve PGlite on "${HOST}:${port}"`, { cause: error });
  }
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;

  let closing: Promise<void> | undefined;
  const close = () => closing ??= shutdown(server, db);
  return { url, close };
}

async function shutdown(server: PGLiteSocketServer, db: PGlite): Promise<void> {
  // A client that has just hung up is detached on a later tick; give that a
  // moment so its rollback (if any) runs before PGlite closes.
  const deadline = Date.now() + CLIENT_DRAIN_MS;
  while (server.getStats().activeConnections > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await server.stop();
  // stop() detaches any remaining handler without waiting; let that settle.
  await new Promise((resolve) => setTimeout(resolve, 0));
  await db.close();
}
