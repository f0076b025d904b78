/**
 * Forward-only migrations: `migrations/NNNNN_name.sql`, numbered from 00001
 * without gaps, each applied once, in order, in its own transaction, and
 * recorded in `schema_migrations` with the sha256 of its text.
 *
 * A file that was applied must never change, not even a comment (the
 * checksum covers the whole text); write a new file instead. `00005` is an
 * empty, applied placeholder and stays so (migrations/README.md). The
 * runner refuses to start when an applied file was edited or removed, or when
 * the numbering has a gap. Each step holds a transaction-scoped advisory
 * lock, so processes that start together apply every file exactly once.
 * A file must not contain its own `BEGIN`/`COMMIT`, nor statements that
 * cannot run in a transaction (`CREATE INDEX CONCURRENTLY`).
 *
 * @example
 * ```ts
 * import { createDb } from "./db.ts";
 * import { migrate, MIGRATIONS_DIR } from "./migrate.ts";
 *
 * await using db = await createDb({ dataDir: "memory://" });
 * const applied = await migrate(db.sql, MIGRATIONS_DIR);
 * ```
 * @module
 */
import type { Sql } from "./db.ts";

/** The repository's `migrations/` folder. */
export const MIGRATIONS_DIR = new URL("../migrations/", import.meta.url);

export interface Migration {
  version: number;
  /** The part of the file name after the number, without `.sql`. */
  name: string;
  file: string;
  /** sha256 of the text (line endings normalised to `\n`), in hex. */
  checksum: string;
  text: string;
}

export type MigrationErrorCode =
  | "migration_bad_name"
  | "migration_gap"
  | "migration_edited"
  | "migration_missing"
  | "migration_failed";

/** Why migrations cannot run; `code` says which rule was broken. */
export class MigrationError extends Error {
  override name = "MigrationError";
  constructor(readonly code: MigrationErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

const FILE_PATTERN = /^(\d{5})_([a-z0-9][a-z0-9_]*)\.sql$/;
const LOCK = "hashtext('lanecast.schema_migrations')";

/** Reads and checks the migration files in `dir`, in version order. */
export async function readMigrations(dir: string | URL): Promise<Migration[]> {
  const migrations: Migration[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".sql")) continue;
    const match = FILE_PATTERN.exec(entry.name);
    if (!match) {
      throw new MigrationError(
        "migration_bad_name",
        `Migration file "${entry.name}" is not named like "00001_name.sql"`,
      );
    }
    const text = (await Deno.readTextFile(join(dir, entry.name))).replaceAll("\r\n", "\n");
    migrations.push({
      version: Number(match[1]),
      name: match[2],
      file: entry.name,
      checksum: await sha256(text),
      text,
    });
  }
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      const expected = String(index + 1).padStart(5, "0");
      throw new MigrationError(
        "migration_gap",
        `Migration "${migration.file}" is out of sequence: expected number "${expected}"`,
      );
    }
  });
  return migrations;
}

/**
 * Applies the migrations in `dir` that have not run yet and returns them
 * (empty when the database is up to date).
 */
export async function migrate(
  sql: Sql,
  dir: string | URL = MIGRATIONS_DIR,
): Promise<Migration[]> {
  const migrations = await readMigrations(dir);
  const applied: Migration[] = [];
  while (true) {
    const next = await sql.begin(async (tx) => {
      await tx.unsafe(`select pg_advisory_xact_lock(${LOCK})`);
      await tx`
        create table if not exists schema_migrations (
          version integer primary key,
          name text not null,
          checksum text not null,
          applied_at timestamptz not null default now()
        )`;
      const done = await tx<{ version: number; name: string; checksum: string }[]>`
        select version, name, checksum from schema_migrations order by version`;
      verifyApplied(done, migrations);
      const pending = migrations[done.length];
      if (!pending) return undefined;
      try {
        await tx.unsafe(pending.text);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MigrationError(
          "migration_failed",
          `Migration "${pending.file}" failed: ${reason}`,
          { cause: error },
        );
      }
      await tx`
        insert into schema_migrations (version, name, checksum)
        values (${pending.version}, ${pending.name}, ${pending.checksum})`;
      return pending;
    });
    if (!next) return applied;
    applied.push(next);
  }
}

/** Throws unless every recorded migration has its file, unchanged. */
function verifyApplied(
  done: readonly { version: number; name: string; checksum: string }[],
  migrations: readonly Migration[],
): void {
  done.forEach((row, index) => {
    const migration = migrations[row.version - 1];
    const label = `${String(row.version).padStart(5, "0")}_${row.name}.sql`;
    if (row.version !== index + 1) {
      throw new MigrationError(
        "migration_gap",
        `Database records migration "${label}" but not every migration before it`,
      );
    }
    if (!migration) {
      throw new MigrationError(
        "migration_missing",
        `Database has migration "${label}" applied but its file is missing`,
      );
    }
    if (migration.checksum !== row.checksum) {
      throw new MigrationError(
        "migration_edited",
        `Migration "${migration.file}" was edited after it was applied; ` +
          `restore it and put the change in a new migration`,
      );
    }
  });
}

function join(dir: string | URL, file: string): string | URL {
  if (dir instanceof URL) return new URL(file, dir.href.endsWith("/") ? dir : `${dir.href}/`);
  return dir.endsWith("/") ? dir + file : `${dir}/${file}`;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
