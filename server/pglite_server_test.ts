import assert from "node:assert/strict";
import postgres from "postgres";
import { MEMORY_DATA_DIR, PGLITE_CLIENT_OPTIONS, startPglite } from "./pglite_server.ts";

const connect = (url: string) => postgres(url, { ...PGLITE_CLIENT_OPTIONS, onnotice: () => {} });

Deno.test("startPglite() serves PGlite to the postgres driver on loopback", async () => {
  const pglite = await startPglite({ dataDir: MEMORY_DATA_DIR });
  const sql = connect(pglite.url);
  try {
    assert.match(pglite.url, /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const [row] = await sql`select current_database() as db, version() as version`;
    assert.equal(row.db, "postgres");
    assert.match(row.version, /PGlite/);
  } finally {
    await sql.end();
    await pglite.close();
  }
});

Deno.test("startPglite() queues concurrent queries and transactions on its one connection", async () => {
  const pglite = await startPglite({ dataDir: MEMORY_DATA_DIR });
  const sql = connect(pglite.url);
  try {
    await sql`create table counter (n integer not null)`;
    const results = await Promise.all([
      ...Array.from({ length: 100 }, (_, i) => sql`select ${i}::int as i`.then(([r]) => r.i)),
      ...Array.from({ length: 10 }, () =>
        sql.begin(async (tx) => {
          await tx`insert into counter values (1)`;
          await new Promise((resolve) => setTimeout(resolve, 1));
          await tx`insert into counter values (1)`;
          return -1;
        })),
      sql.begin(async (tx) => {
        await tx`insert into counter values (1000)`;
        throw new Error("roll back");
      }).catch(() => -2),
    ]);
    assert.deepEqual(results.slice(0, 100), Array.from({ length: 100 }, (_, i) => i));
    const [{ total }] = await sql`select sum(n)::int as total from counter`;
    assert.equal(total, 20);
  } finally {
    await sql.end();
    await pglite.close();
  }
});

Deno.test("startPglite() keeps data in dataDir across restarts", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "lanecast-pglite-" });
  try {
    const first = await startPglite({ dataDir: `${dataDir}/db` });
    const sql1 = connect(first.url);
    await sql1`create table kept (v text)`;
    await sql1`insert into kept values ('still here')`;
    await sql1.end();
    await first.close();

    const second = await startPglite({ dataDir: `${dataDir}/db` });
    const sql2 = connect(second.url);
    try {
      assert.deepEqual([...await sql2`select v from kept`], [{ v: "still here" }]);
    } finally {
      await sql2.end();
      await second.close();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("startPglite() rolls back a transaction left open by a client that went away", async () => {
  const pglite = await startPglite({ dataDir: MEMORY_DATA_DIR });
  try {
    const sql1 = connect(pglite.url);
    await sql1`create table t (v int)`;
    const reserved = await sql1.reserve();
    await reserved`begin`;
    await reserved`insert into t values (1)`;
    reserved.release();
    await sql1.end({ timeout: 0 });

    const sql2 = connect(pglite.url);
    try {
      assert.deepEqual([...await sql2`select count(*)::int as n from t`], [{ n: 0 }]);
    } finally {
      await sql2.end();
    }
  } finally {
    await pglite.close();
  }
});
