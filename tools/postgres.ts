/**
 * Throwaway PostgreSQL for tests.
 *
 * With `TEST_DATABASE_URL` set, databases are created on that server and
 * dropped again by `stop()`. Otherwise a private server is started from
 * Debian's binaries (`apt-get install postgresql`, which `./lanecast test`
 * does) in a temporary folder on a free loopback port, with trust auth, and
 * `stop()` shuts it down and deletes the folder. As root, the server runs as
 * the `postgres` system user (created if missing), since PostgreSQL refuses
 * to run as root. `TEST_DATABASE_URL` names a database to connect to for
 * `create database` (its role needs CREATEDB).
 *
 * {@linkcode openTestDb} gives either kind of app database (PGlite or
 * PostgreSQL), so one test body can run against both.
 *
 * @example
 * ```ts
 * import { startTestPostgres } from "./postgres.ts";
 *
 * const pg = await startTestPostgres();
 * try {
 *   // connect to pg.url, or to `await pg.createDatabase()` for another empty one
 * } finally {
 *   await pg.stop();
 * }
 * ```
 * @module
 */
import postgres from "postgres";
import { createDb, type Db, type DbKind, type Sql } from "../server/db.ts";

export interface TestPostgres {
  /** URL of a fresh, empty database. */
  readonly url: string;
  /** Creates another empty database on the same server and returns its URL. */
  createDatabase(): Promise<string>;
  /** Drops what was created, or stops the private server and deletes its files. */
  stop(): Promise<void>;
}

const PG_ROOT = "/usr/lib/postgresql";
const SERVER_USER = "postgres";
const START_ATTEMPTS = 3;
const SERVER_SETTINGS = [
  "-c listen_addresses=127.0.0.1",
  "-c fsync=off",
  "-c synchronous_commit=off",
  "-c full_page_writes=off",
  "-c max_connections=50",
];

/** Starts (or, with `TEST_DATABASE_URL`, borrows) a PostgreSQL server. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const shared = Deno.env.get("TEST_DATABASE_URL");
  const server = shared ? undefined : await startPrivateServer();
  const adminUrl = server ? server.url : shared as string;
  const created: string[] = [];

  const createDatabase = async () => {
    const name = `lanecast_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
    await withAdmin(adminUrl, (sql) => sql`create database ${sql(name)}`);
    created.push(name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.href;
  };

  let stopping: Promise<void> | undefined;
  const stop = () =>
    stopping ??= (async () => {
      if (server) return await server.stop();
      await withAdmin(adminUrl, async (sql) => {
        for (const name of created) await sql`drop database if exists ${sql(name)} with (force)`;
      });
    })();

  try {
    const url = await createDatabase();
    return { url, createDatabase, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Both kinds of database the app runs on; tests run against each. */
export const TEST_DB_KINDS: readonly DbKind[] = ["pglite", "postgres"];

export interface TestDb extends Db {
  /** URL for further clients; only for real PostgreSQL (PGlite takes one client). */
  readonly url?: string;
}

/**
 * Opens an empty database: in-memory PGlite, or a fresh database on a
 * throwaway PostgreSQL server. `close()` also stops that server.
 */
export async function openTestDb(kind: DbKind): Promise<TestDb> {
  if (kind === "pglite") return await createDb({ dataDir: "memory://" });
  const pg = await startTestPostgres();
  try {
    const db = await createDb({ databaseUrl: pg.url, dataDir: "memory://" });
    const close = async () => {
      try {
        await db.close();
      } finally {
        await pg.stop();
      }
    };
    return { ...db, url: pg.url, close, [Symbol.asyncDispose]: close };
  } catch (error) {
    await pg.stop();
    throw error;
  }
}

/** Drops everything in the `public` schema, for a clean slate between test steps. */
export async function resetSchema(sql: Sql): Promise<void> {
  await sql.unsafe("drop schema public cascade; create schema public");
}

interface PrivateServer {
  /** URL of its `postgres` database. */
  url: string;
  stop(): Promise<void>;
  /** Last resort at process exit when a test forgot `stop()`. */
  stopSync(): void;
}

/** Servers not yet stopped, for the exit hook. */
const privateServers = new Set<PrivateServer>();
let unloadHooked = false;

async function startPrivateServer(): Promise<PrivateServer> {
  const bin = await findBinaries();
  const asRoot = Deno.uid() === 0;
  const owner = asRoot ? await ensureServerUser() : undefined;
  const dir = await Deno.makeTempDir({ prefix: "lanecast-pg-" });
  const data = `${dir}/data`;
  const log = `${dir}/postgres.log`;
  const run = (cmd: string, args: string[]) =>
    command(asRoot ? "runuser" : cmd, asRoot ? ["-u", SERVER_USER, "--", cmd, ...args] : args, dir);

  try {
    if (owner) await Deno.chown(dir, owner.uid, owner.gid);
    await run(`${bin}/initdb`, [
      `--pgdata=${data}`,
      `--username=${SERVER_USER}`,
      "--auth=trust",
      "--encoding=UTF8",
      "--locale=C",
      "--no-sync",
      "--no-instructions",
    ]);
    const port = await startOnFreePort(bin, run, data, dir, log);
    const stopArgs = ["stop", `--pgdata=${data}`, "--mode=immediate", "--wait", "--silent"];
    const url = `postgres://${SERVER_USER}@127.0.0.1:${port}/postgres`;
    const server: PrivateServer = {
      url,
      async stop() {
        privateServers.delete(server);
        try {
          await run(`${bin}/pg_ctl`, stopArgs);
        } finally {
          await Deno.remove(dir, { recursive: true });
        }
      },
      stopSync() {
        const [cmd, args] = asRoot
          ? ["runuser", ["-u", SERVER_USER, "--", `${bin}/pg_ctl`, ...stopArgs]]
          : [`${bin}/pg_ctl`, stopArgs];
        new Deno.Command(cmd as string, {
          args: args as string[],
          cwd: dir,
          stdout: "null",
          stderr: "null",
        })
          .outputSync();
        Deno.removeSync(dir, { recursive: true });
      },
    };
    privateServers.add(server);
    hookUnload();
    return server;
  } catch (error) {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw error;
  }
}

async function startOnFreePort(
  bin: string,
  run: (cmd: string, args: string[]) => Promise<string>,
  data: string,
  dir: string,
  log: string,
): Promise<number> {
  for (let attempt = 1;; attempt++) {
    const port = freePort();
    try {
      await run(`${bin}/pg_ctl`, [
        "start",
        `--pgdata=${data}`,
        `--log=${log}`,
        "--wait",
        "--timeout=60",
        "--silent",
        `--options=${
          [`-p ${port}`, `-c unix_socket_directories=${dir}`, ...SERVER_SETTINGS].join(" ")
        }`,
      ]);
      return port;
    } catch (error) {
      // Another process may have taken the port between our probe and start.
      const text = await Deno.readTextFile(log).catch(() => "");
      if (attempt < START_ATTEMPTS && /address already in use/i.test(text)) continue;
      throw new Error(`Cannot start PostgreSQL for tests; its log says:\n${text}`, {
        cause: error,
      });
    }
  }
}

/** The newest `/usr/lib/postgresql/<version>/bin` that has initdb and pg_ctl. */
async function findBinaries(): Promise<string> {
  const versions: number[] = [];
  try {
    for await (const entry of Deno.readDir(PG_ROOT)) {
      if (/^\d+$/.test(entry.name)) versions.push(Number(entry.name));
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  for (const version of versions.sort((a, b) => b - a)) {
    const bin = `${PG_ROOT}/${version}/bin`;
    if (await exists(`${bin}/initdb`) && await exists(`${bin}/pg_ctl`)) return bin;
  }
  throw new Error(
    `Cannot find initdb and pg_ctl under "${PG_ROOT}/*/bin"; ` +
      `install PostgreSQL ("apt-get install postgresql") or set TEST_DATABASE_URL`,
  );
}

/** uid and gid of the `postgres` user, creating it as a system user if needed. */
async function ensureServerUser(): Promise<{ uid: number; gid: number }> {
  const lookup = async () => {
    const result = await new Deno.Command("id", {
      args: ["-u", SERVER_USER],
      stdout: "piped",
      stderr: "null",
    }).output();
    if (!result.success) return undefined;
    const gid = await command("id", ["-g", SERVER_USER]);
    return { uid: Number(new TextDecoder().decode(result.stdout).trim()), gid: Number(gid.trim()) };
  };
  const found = await lookup();
  if (found) return found;
  await command("useradd", [
    "--system",
    "--user-group",
    "--no-create-home",
    "--home-dir=/nonexistent",
    "--shell=/usr/sbin/nologin",
    SERVER_USER,
  ]).catch(async (error) => {
    // A parallel test run may have created it meanwhile.
    if (!await lookup()) throw error;
  });
  const created = await lookup();
  if (!created) throw new Error(`Cannot create the "${SERVER_USER}" system user`);
  return created;
}

async function command(cmd: string, args: string[], cwd?: string): Promise<string> {
  const result = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" })
    .output();
  const decoder = new TextDecoder();
  if (!result.success) {
    const stderr = decoder.decode(result.stderr).trim();
    throw new Error(`Command "${cmd} ${args.join(" ")}" failed (exit ${result.code}): ${stderr}`);
  }
  return decoder.decode(result.stdout);
}

async function withAdmin<T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

function hookUnload(): void {
  if (unloadHooked) return;
  unloadHooked = true;
  globalThis.addEventListener("unload", () => {
    for (const server of privateServers) {
      try {
        server.stopSync();
      } catch {
        // Exiting anyway; nothing more to do.
      }
    }
  });
}
