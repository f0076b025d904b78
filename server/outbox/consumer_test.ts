import assert from "node:assert/strict";
import { openTestDb, TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createDb, type Sql } from "../db.ts";
import { migrate } from "../migrate.ts";
import { createOutboxConsumer, type OutboxHandler, type OutboxOptions } from "./consumer.ts";
import { claimNext, countByTopic, enqueue, listDead, lockPending, revive } from "./store.ts";

const TOPIC = "test.effect";

/** A handler whose effect is a row in `effects`, and a count of its runs per fact. */
function effectHandler(runs: Map<string, number>, fail?: (attempt: number) => boolean) {
  const handler: OutboxHandler = async (tx, fact) => {
    runs.set(fact.factId, (runs.get(fact.factId) ?? 0) + 1);
    await tx`insert into effects (fact_id) values (${fact.factId})`;
    if (fail?.(fact.attempts)) throw new Error(`Attempt ${fact.attempts} failed`);
  };
  return handler;
}

function consumer(sql: Sql, handler: OutboxHandler, over: Partial<OutboxOptions> = {}) {
  return createOutboxConsumer({
    sql,
    handlers: { [TOPIC]: handler },
    retryDelayMs: () => 0,
    log: () => {},
    ...over,
  });
}

async function effects(sql: Sql, factId: string): Promise<number> {
  const [{ n }] = await sql<{ n: number }[]>`
    select count(*)::int as n from effects where fact_id = ${factId}`;
  return n;
}

async function row(sql: Sql, factId: string) {
  const [r] = await sql<{ attempts: number; done_at: Date | null; dead_at: Date | null }[]>`
    select attempts, done_at, dead_at from outbox where topic = ${TOPIC} and fact_id = ${factId}`;
  return r;
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`outbox on ${kind}`, async (t) => {
    const db = await openTestDb(kind);
    const { sql } = db;
    try {
      await migrate(sql);
      await sql`create table effects (fact_id text not null)`;

      await t.step(
        "a fact's handler writes and its done mark commit together; a done fact never runs again",
        async () => {
          const runs = new Map<string, number>();
          const outbox = consumer(sql, effectHandler(runs));
          assert.equal(await sql.begin((tx) => enqueue(tx, TOPIC, "fact-1", { n: 1 })), true);
          assert.equal(await outbox.drain(), 1);
          assert.equal(await effects(sql, "fact-1"), 1);
          assert.ok((await row(sql, "fact-1")).done_at);
          assert.equal(await enqueue(sql, TOPIC, "fact-1", { n: 2 }), false, "once per fact");
          assert.equal(await outbox.drain(), 0);
          assert.equal(runs.get("fact-1"), 1);
          assert.equal(await effects(sql, "fact-1"), 1);
        },
      );

      await t.step(
        "a handler that throws leaves no writes and is retried until it succeeds",
        async () => {
          const runs = new Map<string, number>();
          const outbox = consumer(sql, effectHandler(runs, (attempt) => attempt < 3));
          await enqueue(sql, TOPIC, "fact-2");
          assert.equal(await outbox.drain(), 1);
          assert.equal(runs.get("fact-2"), 3);
          assert.equal(await effects(sql, "fact-2"), 1, "the failed attempts' writes are gone");
          const r = await row(sql, "fact-2");
          assert.equal(r.attempts, 3);
          assert.ok(r.done_at);
        },
      );

      await t.step(
        "a fact failing maxAttempts times is dead, listed for staff, and runs again once revived",
        async () => {
          const runs = new Map<string, number>();
          let failing = true;
          const outbox = consumer(sql, effectHandler(runs, () => failing), { maxAttempts: 3 });
          await enqueue(sql, TOPIC, "fact-3");
          assert.equal(await outbox.drain(), 0);
          assert.equal(runs.get("fact-3"), 3);
          assert.ok((await row(sql, "fact-3")).dead_at);
          const [dead] = await listDead(sql, 10);
          assert.deepEqual([dead.factId, dead.attempts, dead.lastError], [
            "fact-3",
            3,
            "Attempt 3 failed",
          ]);
          const counts = (await countByTopic(sql)).find((c) => c.topic === TOPIC);
          assert.deepEqual(counts, { topic: TOPIC, pending: 0, dead: 1, done: 2 });
          assert.equal(await outbox.drain(), 0, "a dead fact is not claimed");
          failing = false;
          assert.equal(await revive(sql, dead.id), true);
          assert.equal(await outbox.drain(), 1);
          assert.equal(await effects(sql, "fact-3"), 1);
        },
      );

      await t.step(
        "a consumer that died after its claim leaves the fact to another once the lease ends",
        async () => {
          const runs = new Map<string, number>();
          await enqueue(sql, TOPIC, "fact-4");
          const crashed = await claimNext(sql, [TOPIC], 60_000);
          assert.equal(crashed?.factId, "fact-4");
          const outbox = consumer(sql, effectHandler(runs));
          assert.equal(await outbox.step(), "idle", "leased to the dead consumer");
          await sql`update outbox set available_at = now() where fact_id = 'fact-4'`;
          assert.equal(await outbox.step(), "done");
          assert.equal(await effects(sql, "fact-4"), 1);
          assert.equal((await row(sql, "fact-4")).attempts, 2);
        },
      );

      await t.step(
        "a fact that kills its consumer every time is dead after maxAttempts claims",
        async () => {
          const runs = new Map<string, number>();
          await enqueue(sql, TOPIC, "fact-5");
          for (let i = 0; i < 3; i++) assert.ok(await claimNext(sql, [TOPIC], 0));
          const outbox = consumer(sql, effectHandler(runs), { maxAttempts: 3 });
          assert.equal(await outbox.step(), "dead");
          assert.equal(runs.get("fact-5"), undefined, "not run again");
          assert.ok((await row(sql, "fact-5")).dead_at);
        },
      );

      await t.step("only topics with a handler here are claimed", async () => {
        await enqueue(sql, "other.topic", "fact-6");
        const outbox = consumer(sql, effectHandler(new Map()));
        assert.equal(await outbox.drain(), 0);
        assert.equal(await claimNext(sql, [TOPIC], 0), null);
        await sql`delete from outbox where topic = 'other.topic'`;
      });

      await t.step("the running loop consumes a fact as soon as it is woken", async () => {
        const runs = new Map<string, number>();
        let seen: () => void = () => {};
        const ran = new Promise<void>((r) => seen = r);
        const handler: OutboxHandler = async (tx, fact) => {
          await effectHandler(runs)(tx, fact);
          return seen;
        };
        const outbox = consumer(sql, handler, { pollMs: 3_600_000 });
        outbox.start();
        try {
          await enqueue(sql, TOPIC, "fact-7");
          outbox.wake();
          await ran;
          assert.equal(await effects(sql, "fact-7"), 1);
        } finally {
          await outbox.stop();
        }
      });

      await t.step(
        "a lane's facts run in the order written: a retried one is not overtaken by a later one of its lane",
        async () => {
          const order: string[] = [];
          const handler: OutboxHandler = async (tx, fact) => {
            order.push(fact.factId);
            await tx`insert into effects (fact_id) values (${fact.factId})`;
            if (fact.factId === "lane-a-1" && fact.attempts === 1) throw new Error("Transient");
          };
          const outbox = consumer(sql, handler);
          await enqueue(sql, TOPIC, "lane-a-1", { laneId: "a" });
          await enqueue(sql, TOPIC, "lane-a-2", { laneId: "a" });
          await enqueue(sql, TOPIC, "lane-b-1", { laneId: "b" });
          assert.equal(await outbox.drain(), 3);
          assert.ok(
            order.indexOf("lane-a-2") > order.lastIndexOf("lane-a-1"),
            `lane a's second fact ran after its first was done: ${order.join(", ")}`,
          );
          assert.equal(order.filter((id) => id === "lane-b-1").length, 1);
        },
      );

      if (kind === "postgres") {
        await t.step(
          "two instances' running consumers on one database do each fact once",
          async () => {
            await using other = await createDb({ databaseUrl: db.url, dataDir: "memory://" });
            const runs = new Map<string, number>();
            const consumers = [sql, other.sql].map((s) =>
              consumer(s, effectHandler(runs), { pollMs: 20 })
            );
            for (const c of consumers) c.start();
            const ids = Array.from({ length: 40 }, (_, i) => `both-${i}`);
            try {
              for (const [i, id] of ids.entries()) {
                await enqueue(sql, TOPIC, id, { laneId: `lane-${i % 4}` });
                consumers[i % 2].wake();
              }
              for (let tries = 0; tries < 300; tries++) {
                const [{ n }] = await sql<{ n: number }[]>`
                  select count(*)::int as n from outbox
                  where fact_id like 'both-%' and done_at is null`;
                if (n === 0) break;
                await new Promise((r) => setTimeout(r, 50));
              }
            } finally {
              for (const c of consumers) await c.stop();
            }
            for (const id of ids) {
              assert.equal(runs.get(id), 1, `${id} ran once`);
              assert.equal(await effects(sql, id), 1);
              assert.equal((await row(sql, id)).attempts, 1);
            }
          },
        );

        await t.step(
          "two consumers never run the same row, even when a lease runs out mid-run",
          async () => {
            let release: () => void = () => {};
            const held = new Promise<void>((r) => release = r);
            let entered: () => void = () => {};
            const inside = new Promise<void>((r) => entered = r);
            const runs = new Map<string, number>();
            const slow: OutboxHandler = async (tx, fact) => {
              await effectHandler(runs)(tx, fact);
              entered();
              await held;
            };
            const a = consumer(sql, slow, { leaseMs: 1 });
            const b = consumer(sql, effectHandler(runs), { leaseMs: 1 });
            await enqueue(sql, TOPIC, "fact-8");
            const first = a.step();
            await inside;
            const [{ due }] = await sql<{ due: boolean }[]>`
              select available_at <= now() as due from outbox where fact_id = 'fact-8'`;
            assert.equal(due, true, "the first consumer's lease ran out");
            assert.equal(await b.step(), "idle", "the row is locked by the first consumer");
            release();
            assert.equal(await first, "done");
            assert.equal(await b.drain(), 0);
            assert.equal(runs.get("fact-8"), 1);
            assert.equal(await effects(sql, "fact-8"), 1);

            // A claimed fact whose row another statement holds for a moment
            // (a claim that scanned it) is locked for its run once that
            // lock goes, not skipped to wait out its lease.
            await enqueue(sql, TOPIC, "fact-9");
            const claimed = await claimNext(sql, [TOPIC], 30_000);
            assert.equal(claimed?.factId, "fact-9");
            let unlock: () => void = () => {};
            const unlocked = new Promise<void>((r) => unlock = r);
            let locked: () => void = () => {};
            const isLocked = new Promise<void>((r) => locked = r);
            const holder = sql.begin(async (tx) => {
              await tx`select id from outbox where fact_id = 'fact-9' for update`;
              locked();
              await unlocked;
            });
            await isLocked;
            const run = sql.begin((tx) => lockPending(tx, claimed!.id));
            setTimeout(unlock, 200);
            await holder;
            assert.equal(
              (await run)?.factId,
              "fact-9",
              "the claimed fact is ours once the lock goes",
            );

            const ids = Array.from({ length: 30 }, (_, i) => `many-${i}`);
            for (const id of ids) await enqueue(sql, TOPIC, id);
            const many = new Map<string, number>();
            const consumers = [1, 2, 3].map(() => consumer(sql, effectHandler(many)));
            const done = await Promise.all(consumers.map((c) => c.drain()));
            assert.equal(done.reduce((x, y) => x + y), ids.length);
            for (const id of ids) assert.equal(many.get(id), 1, id);
          },
        );
      }
    } finally {
      await db.close();
    }
  });
}
