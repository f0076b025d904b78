import assert from "node:assert/strict";
import postgres from "postgres";
import { startTestPostgres } from "./postgres.ts";

async function query<T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

async function databases(url: string): Promise<string[]> {
  return await query(url, async (sql) => {
    const rows = await sql<{ name: string }[]>`
      select datname as name from pg_database where datname like 'lanecast_test_%'`;
    return rows.map((row) => row.name);
  });
}

Deno.test("startTestPostgres() runs a private server until stop()", async () => {
  const pg = await startTestPostgres();
  try {
    const [row] = await query(pg.url, (sql) =>
      sql`
      select current_setting('server_version_num')::int as version,
             current_user as "user", current_database() as db`);
    assert.ok(row.version >= 150000, `server version ${row.version}`);
    assert.equal(row.user, "postgres");
    assert.match(row.db, /^lanecast_test_[0-9a-f]{16}$/);
    assert.match(new URL(pg.url).hostname, /^127\.0\.0\.1$/);

    const second = await pg.createDatabase();
    assert.notEqual(second, pg.url);
    assert.deepEqual([...await query(second, (sql) => sql`select 1 as one`)], [{ one: 1 }]);
  } finally {
    await pg.stop();
  }
  await assert.rejects(query(pg.url, (sql) => sql`select 1`));
});

Deno.test("startTestPostgres() uses TEST_DATABASE_URL and drops its databases on stop()", async () => {
  const host = await startTestPostgres();
  const previous = Deno.env.get("TEST_DATABASE_URL");
  try {
    const adminUrl = new URL(host.url);
    adminUrl.pathname = "/postgres";
    Deno.env.set("TEST_DATABASE_URL", adminUrl.href);
    const before = await databases(adminUrl.href);

    const pg = await startTestPostgres();
    const second = await pg.createDatabase();
    const names = [pg.url, second].map((url) => new URL(url).pathname.slice(1));
    assert.equal(new URL(pg.url).port, adminUrl.port);
    assert.deepEqual((await databases(adminUrl.href)).sort(), [...before, ...names].sort());

    // An open connection does not keep its database alive.
    const open = postgres(pg.url, { max: 1, onnotice: () => {} });
    await open`select 1`;
    await pg.stop();
    await open.end();
    assert.deepEqual(await databases(adminUrl.href), before);
  } finally {
    if (previous === undefined) Deno.env.delete("TEST_DATABASE_URL");
    else Deno.env.set("TEST_DATABASE_URL", previous);
    await host.stop();
  }
});
