import assert from "node:assert/strict";
import postgres from "postgres";
import { openTestDb, resetSchema, TEST_DB_KINDS } from "../tools/postgres.ts";
import type { Sql } from "./db.ts";
import { migrate, MigrationError, type MigrationErrorCode, readMigrations } from "./migrate.ts";

const CREATE_A = "create table a (id int primary key);\n";
const CREATE_B = "create table b (id int primary key, a_id int references a (id));\n";
const CREATE_C = "create table c (id int primary key);\n";
/** `sha256sum` of CREATE_A. */
const CREATE_A_SHA256 = "765ca3ba61f4b11d0226c4a4d57633550aed51e4a2a6d3f4c7c1f2880c0f1d02";

/** A temporary migrations folder holding `files`. */
async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "lanecast-migrations-" });
  await writeFiles(dir, files);
  return dir;
}

async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
}

async function tables(sql: Sql): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' order by table_name`;
  return rows.map((row) => row.name);
}

async function recorded(sql: Sql): Promise<number[]> {
  const rows = await sql<{ version: number }[]>`select version from schema_migrations order by 1`;
  return rows.map((row) => row.version);
}

async function rejectsWith(promise: Promise<unknown>, code: MigrationErrorCode, message: RegExp) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof MigrationError, `expected a MigrationError, got ${error}`);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`migrate() on ${kind}`, async (t) => {
    await using db = await openTestDb(kind);
    const { sql } = db;
    const dirs: string[] = [];
    const dirWith = async (files: Record<string, string>) => {
      const dir = await migrationsDir(files);
      dirs.push(dir);
      return dir;
    };
    const step = (name: string, fn: () => Promise<void>) =>
      t.step(name, async () => {
        await resetSchema(sql);
        await fn();
      });

    try {
      await step("applies each file once, in order, and records it", async () => {
        const dir = await dirWith({ "00002_b.sql": CREATE_B, "00001_a.sql": CREATE_A });
        const applied = await migrate(sql, dir);
        assert.deepEqual(applied.map((m) => m.file), ["00001_a.sql", "00002_b.sql"]);
        assert.deepEqual(await tables(sql), ["a", "b", "schema_migrations"]);

        const rows = await sql`select * from schema_migrations order by version`;
        assert.deepEqual(rows.map((r) => [r.version, r.name]), [[1, "a"], [2, "b"]]);
        for (const row of rows) {
          assert.match(row.checksum, /^[0-9a-f]{64}$/);
          assert.ok(row.applied_at instanceof Date);
        }
        assert.equal(rows[0].checksum, CREATE_A_SHA256);
      });

      await step("does nothing when run again", async () => {
        const dir = await dirWith({ "00001_a.sql": CREATE_A, "00002_b.sql": CREATE_B });
        await migrate(sql, dir);
        assert.deepEqual(await migrate(sql, dir), []);
        assert.deepEqual(await recorded(sql), [1, 2]);
      });

      await step("applies only the files added since the last run", async () => {
        const dir = await dirWith({ "00001_a.sql": CREATE_A });
        await migrate(sql, dir);
        await writeFiles(dir, { "00002_b.sql": CREATE_B, "00003_c.sql": CREATE_C });
        const applied = await migrate(sql, dir);
        assert.deepEqual(applied.map((m) => m.version), [2, 3]);
      });

      await step("refuses an applied file that was edited", async () => {
        const dir = await dirWith({ "00001_a.sql": CREATE_A });
        await migrate(sql, dir);
        await writeFiles(dir, {
          "00001_a.sql": CREATE_A + "alter table a add column x int;\n",
          "00002_b.sql": CREATE_B,
        });
        await rejectsWith(migrate(sql, dir), "migration_edited", /"00001_a\.sql" was edited/);
        assert.deepEqual(await recorded(sql), [1]);
        assert.deepEqual(await tables(sql), ["a", "schema_migrations"]);
      });

      await step("accepts an applied file whose line endings became CRLF", async () => {
        const dir = await dirWith({ "00001_a.sql": CREATE_A });
        await migrate(sql, dir);
        await writeFiles(dir, { "00001_a.sql": CREATE_A.replaceAll("\n", "\r\n") });
        assert.deepEqual(await migrate(sql, dir), []);
      });

      await step("refuses a gap in the numbering before touching the database", async () => {
        const dir = await dirWith({ "00001_a.sql": CREATE_A, "00003_c.sql": CREATE_C });
        await rejectsWith(migrate(sql, dir), "migration_gap", /"00003_c\.sql".*"00002"/);
        assert.deepEqual(await tables(sql), []);
      });

      await step("refuses numbering that does not start at 00001", async () => {
        const dir = await dirWith({ "00002_b.sql": CREATE_A });
        await rejectsWith(migrate(sql, dir), "migration_gap", /"00002_b\.sql"/);
      });

      await step("refuses a file not named like 00001_name.sql", async () => {
        const dir = await dirWith({ "00001_a.sql": CREATE_A, "2_b.sql": CREATE_B });
        await rejectsWith(migrate(sql, dir), "migration_bad_name", /"2_b\.sql"/);
      });

      await step("refuses a database with an applied migration whose file is gone", async () => {
        const dir = await dirWith({ "00001_a.sql": CREATE_A, "00002_b.sql": CREATE_B });
        await migrate(sql, dir);
        await Deno.remove(`${dir}/00002_b.sql`);
        await rejectsWith(migrate(sql, dir), "migration_missing", /"00002_b\.sql"/);
      });

      await step("leaves nothing of a failing migration behind", async () => {
        const dir = await dirWith({
          "00001_a.sql": CREATE_A,
          "00002_broken.sql": CREATE_C +
            "insert into a values (1);\ninsert into missing values (1);\n",
        });
        await assert.rejects(migrate(sql, dir), (error) => {
          assert.ok(error instanceof MigrationError);
          assert.equal(error.code, "migration_failed");
          assert.match(error.message, /^Migration "00002_broken\.sql" failed: .*missing/);
          assert.ok(error.cause instanceof Error);
          return true;
        });
        assert.deepEqual(await recorded(sql), [1]);
        assert.deepEqual(await tables(sql), ["a", "schema_migrations"]);
        assert.deepEqual([...await sql`select * from a`], []);

        // A file that never applied may still be fixed.
        await writeFiles(dir, { "00002_broken.sql": CREATE_C });
        assert.deepEqual((await migrate(sql, dir)).map((m) => m.version), [2]);
      });

      await step("applies each file exactly once when two runners start together", async () => {
        const dir = await dirWith({
          "00001_a.sql": CREATE_A,
          "00002_b.sql": CREATE_B,
          "00003_c.sql": CREATE_C,
        });
        // Real PostgreSQL: a second client with its own connections.
        // PGlite: one connection, so the runs interleave on it.
        const other = db.url ? postgres(db.url, { onnotice: () => {} }) : sql;
        try {
          const runs = await Promise.all([
            migrate(sql, dir),
            migrate(other, dir),
            migrate(sql, dir),
          ]);
          const versions = runs.flatMap((run) => run.map((m) => m.version)).sort();
          assert.deepEqual(versions, [1, 2, 3]);
          assert.deepEqual(await recorded(sql), [1, 2, 3]);
        } finally {
          if (other !== sql) await other.end();
        }
      });

      await step("applies the repository's migrations by default", async () => {
        const applied = await migrate(sql);
        assert.equal(applied[0]?.file, "00001_lanes.sql");
        assert.ok((await tables(sql)).includes("lanes"));
        assert.deepEqual(await migrate(sql), []);
      });
    } finally {
      for (const dir of dirs) await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("readMigrations() ignores files that are not .sql", async () => {
  const dir = await migrationsDir({ "00001_a.sql": CREATE_A, "README.md": "# notes\n" });
  try {
    const migrations = await readMigrations(dir);
    assert.deepEqual(migrations.map((m) => [m.version, m.name, m.file]), [[1, "a", "00001_a.sql"]]);
    assert.equal(migrations[0].checksum, CREATE_A_SHA256);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
