import assert from "node:assert/strict";
import { createDb } from "../db.ts";
import { openTestDb } from "../../tools/postgres.ts";
import { createJobLock } from "./job_lock.ts";

Deno.test("a job's pass runs on one instance at a time: the other skips it, then may run the next", async () => {
  await using db = await openTestDb("postgres");
  await using other = await createDb({ databaseUrl: db.url, dataDir: "memory://" });
  const [a, b] = [createJobLock(db), createJobLock(other)];
  let release!: () => void;
  const held = new Promise<void>((r) => release = r);
  let started!: () => void;
  const running = new Promise<void>((r) => started = r);
  const first = a("sim keeper", async () => {
    started();
    await held;
    return "a";
  });
  await running;
  assert.equal(
    await b("sim keeper", () => Promise.resolve("b")),
    undefined,
    "skipped while a runs",
  );
  assert.equal(await b("finalizer", () => Promise.resolve("b")), "b", "another job is not held");
  release();
  assert.equal(await first, "a");
  assert.equal(await b("sim keeper", () => Promise.resolve("b")), "b", "free again after a's pass");
  await assert.rejects(a("sim keeper", () => Promise.reject(new Error("boom"))), /boom/);
  assert.equal(await b("sim keeper", () => Promise.resolve("b")), "b", "a failed pass lets go too");
});

Deno.test("on PGlite a job's pass just runs", async () => {
  await using db = await openTestDb("pglite");
  const lock = createJobLock(db);
  assert.equal(await lock("x", async () => (await db.sql`select 1 as one`)[0].one), 1);
});

Deno.test("a failed unlock closes the pass's connection instead of pooling it with the lock held", async () => {
  await using db = await openTestDb("postgres");
  await using other = await createDb({ databaseUrl: db.url, dataDir: "memory://" });
  const failing = createJobLock(db, { unlock: () => Promise.reject(new Error("unlock failed")) });
  assert.equal(await failing("finalizer", () => Promise.resolve("a")), "a");
  // The lock went with the closed session: another instance may run the job.
  const b = createJobLock(other);
  let ran = false;
  for (let i = 0; i < 50 && !ran; i++) {
    ran = (await b("finalizer", () => Promise.resolve(true))) ?? false;
    if (!ran) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(ran, "the job's lock is free");
  // The first pool still works (a fresh connection replaces the closed one).
  for (let i = 0; i < 5; i++) assert.equal((await db.sql`select 1 as one`)[0].one, 1);
  assert.equal(await createJobLock(db)("finalizer", () => Promise.resolve("again")), "again");
});
