import assert from "node:assert/strict";
import { createDb } from "./db.ts";
import { decodeKey, encodeKey } from "./kv_codec.ts";
import { createPgKv } from "./kv_pg.ts";
import { migrate } from "./migrate.ts";
import { openTestDb } from "../tools/postgres.ts";
import { createLoginThrottle } from "./auth/login_throttle.ts";
import { createThrottle } from "./auth/throttle.ts";

const KEYS: Deno.KvKey[] = [
  ["a", -1.5],
  ["a", -1],
  ["a", 0],
  ["a", 2],
  ["a", 10],
  ["a", 1e15],
  ["a", "b"],
  ["a", "b", 1],
  ["a", "b\u0000c"],
  ["a", "bc"],
  ["a", true],
  ["ab"],
];

Deno.test("encodeKey() sorts keys as Deno KV does and decodeKey() gives them back", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    for (const key of KEYS) await kv.set(key, 1);
    const order: Deno.KvKey[] = [];
    for await (const e of kv.list({ start: [""], end: ["zz"] })) order.push(e.key);
    const bytes = (k: Deno.KvKey) =>
      Array.from(encodeKey(k)).map((b) => b.toString(16).padStart(2, "0")).join("");
    const ours = [...KEYS].sort((x, y) => bytes(x) < bytes(y) ? -1 : 1);
    assert.deepEqual(ours, order);
    for (const key of KEYS) assert.deepEqual(decodeKey(encodeKey(key)), key);
  } finally {
    kv.close();
  }
});

/** The same steps on Deno KV and on the PostgreSQL store answer the same. */
Deno.test("KV in PostgreSQL answers get, set, delete, list and atomic checks as Deno KV does", async () => {
  await using db = await openTestDb("postgres");
  await migrate(db.sql);
  const deno = await Deno.openKv(":memory:");
  try {
    const answers = [];
    for (const kv of [deno, createPgKv(db.sql)]) {
      const seen: unknown[] = [];
      for (const key of KEYS) await kv.set(key, { key: key.join("/") });
      await kv.set(["a"], "the prefix itself");
      const keys = async (sel: Deno.KvListSelector, o?: Deno.KvListOptions) => {
        const out = [];
        for await (const e of kv.list(sel, o)) out.push(e.key);
        return out;
      };
      seen.push(await keys({ prefix: ["a"] }));
      seen.push(await keys({ prefix: ["a"] }, { limit: 3 }));
      seen.push(await keys({ prefix: ["a"] }, { reverse: true, limit: 2 }));
      seen.push(await keys({ prefix: ["a"], end: ["a", 10] }));
      seen.push(await keys({ prefix: ["a"], start: ["a", "b"] }));
      seen.push((await kv.get(["a", 2])).value);
      await kv.delete(["a", 2]);
      seen.push((await kv.get(["a", 2])).value);
      const first = await kv.get(["a", 0]);
      seen.push((await kv.atomic().check(first).set(["a", 0], "won").commit()).ok);
      seen.push((await kv.atomic().check(first).set(["a", 0], "lost").commit()).ok);
      seen.push(
        (await kv.atomic().check({ key: ["new"], versionstamp: null }).set(["new"], 1).commit()).ok,
      );
      seen.push(
        (await kv.atomic().check({ key: ["new"], versionstamp: null }).set(["new"], 2).commit()).ok,
      );
      seen.push((await kv.get(["a", 0])).value, (await kv.get(["new"])).value);
      answers.push(seen);
    }
    assert.deepEqual(answers[1], answers[0]);
    // Deno KV deletes an expired entry some time later; this store hides it at once.
    const kv = createPgKv(db.sql);
    await kv.set(["short"], 1, { expireIn: 1 });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal((await kv.get(["short"])).value, null);
    assert.deepEqual(await Array.fromAsync(kv.list({ start: ["short"], end: ["shorter"] })), []);
  } finally {
    deno.close();
  }
});

Deno.test("two instances counting attempts on one PostgreSQL store lose none", async () => {
  await using db = await openTestDb("postgres");
  await migrate(db.sql);
  await using other = await createDb({ databaseUrl: db.url, dataDir: "memory://" });
  const throttles = [db.sql, other.sql].map((sql) =>
    createThrottle({ kv: createPgKv(sql), scope: "test", limit: 20, windowMs: 60_000 })
  );
  const waits = await Promise.all(
    Array.from({ length: 30 }, (_, i) => throttles[i % 2].consume("203.0.113.9")),
  );
  assert.equal(waits.filter((w) => w === 0).length, 20, "exactly the limit passed");
});

Deno.test("a login throttle reached through one instance holds on the other", async () => {
  await using db = await openTestDb("postgres");
  await migrate(db.sql);
  await using other = await createDb({ databaseUrl: db.url, dataDir: "memory://" });
  const [one, two] = [db.sql, other.sql].map((sql) => createLoginThrottle({ kv: createPgKv(sql) }));
  for (let i = 0; i < 5; i++) await one.begin("ada@example.com", "203.0.113.9");
  await assert.rejects(two.begin("ada@example.com", "203.0.113.9"), { code: "too_many_attempts" });
  await two.begin("ada@example.com", "198.51.100.1"); // another address is not slowed
});

Deno.test("KV in PostgreSQL judges expiry by the database's clock, not the instance's", async () => {
  // PostgreSQL proper: PGlite's clock is this process's own.
  await using db = await openTestDb("postgres");
  await migrate(db.sql);
  const kv = createPgKv(db.sql);
  const realNow = Date.now;
  // This instance's clock is an hour behind the database's.
  Date.now = () => realNow() - 3_600_000;
  try {
    await kv.set(["throttle", "skewed"], 1, { expireIn: 60_000 });
  } finally {
    Date.now = realNow;
  }
  assert.equal((await kv.get(["throttle", "skewed"])).value, 1, "still live for its minute");
  const [{ left }] = await db.sql<{ left: number }[]>`
    select extract(epoch from expires_at - now())::float8 as left from kv_entries`;
  assert.ok(left > 50 && left <= 60, `expires in ${left} s by the database's clock`);
  await kv.set(["throttle", "gone"], 1, { expireIn: 1 });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(
    (await kv.get(["throttle", "gone"])).value,
    null,
    "a millisecond later it has expired",
  );
});
