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
