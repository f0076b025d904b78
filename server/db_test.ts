import assert from "node:assert/strict";
import { startTestPostgres } from "../tools/postgres.ts";
import { allOnConnection, createDb } from "./db.ts";

Deno.test("createDb() without a URL starts PGlite and answers ping()", async () => {
  const db = await createDb({ dataDir: "memory://" });
  try {
    assert.equal(db.kind, "pglite");
    assert.equal(await db.ping(), true);
    const [row] = await db.sql`select version() as version`;
    assert.match(row.version, /PGlite/);
  } finally {
    await db.close();
  }
  assert.equal(await db.ping(), false);
  await db.close(); // a second close is harmless
});

Deno.test("createDb() on PGlite queues concurrent queries instead of failing", async () => {
  await using db = await createDb({ dataDir: "memory://" });
  const { sql } = db;
  await sql`create table hits (lane text not null)`;
  const work = [
    ...Array.from({ length: 50 }, (_, i) => sql`insert into hits values (${String(i % 6)})`),
    ...Array.from({ length: 5 }, () =>
      sql.begin(async (tx) => {
        await tx`insert into hits values ('tx')`;
        await tx`select pg_sleep(0.01)`;
        await tx`insert into hits values ('tx')`;
      })),
    ...Array.from({ length: 50 }, () => sql`select count(*) from hits`),
    db.ping(),
  ];
  const settled = await Promise.allSettled(work);
  assert.deepEqual(settled.filter((s) => s.status === "rejected"), []);
  const [{ n }] = await sql`select count(*)::int as n from hits`;
  assert.equal(n, 60);
});

Deno.test("createDb() with a URL connects to PostgreSQL", async () => {
  const pg = await startTestPostgres();
  try {
    await using db = await createDb({ databaseUrl: pg.url, dataDir: "unused" });
    assert.equal(db.kind, "postgres");
    assert.equal(await db.ping(), true);
    const [row] = await db.sql`select version() as version`;
    assert.match(row.version, /^PostgreSQL \d+/);
    assert.doesNotMatch(row.version, /PGlite/);
  } finally {
    await pg.stop();
  }
});

Deno.test("ping() is false when PostgreSQL cannot be reached", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  await using db = await createDb({
    databaseUrl: `postgres://nobody@127.0.0.1:${port}/none`,
    dataDir: "unused",
  });
  assert.equal(await db.ping(), false);
});

Deno.test("allOnConnection waits for every statement before it throws the first error", async () => {
  const finished: string[] = [];
  const later = (name: string, ms: number, fail = false) =>
    new Promise<string>((resolve, reject) =>
      setTimeout(() => {
        finished.push(name);
        fail ? reject(new Error(name)) : resolve(name);
      }, ms)
    );
  await assert.rejects(
    allOnConnection([
      later("fails first", 1, true),
      later("still running", 30),
      later("fails too", 10, true),
    ]),
    /fails first/,
  );
  assert.deepEqual(finished, ["fails first", "fails too", "still running"]);
  assert.deepEqual(await allOnConnection([later("a", 5), Promise.resolve(2)]), ["a", 2]);
});
