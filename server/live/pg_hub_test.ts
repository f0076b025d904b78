import assert from "node:assert/strict";
import { createDb } from "../db.ts";
import { migrate } from "../migrate.ts";
import { openTestDb } from "../../tools/postgres.ts";
import { waitFor } from "../../tools/system.ts";
import type { LiveEvent } from "./hub.ts";
import { createPgLiveHub } from "./pg_hub.ts";

/** Two hubs as two instances would have them: each with its own client of one database. */
async function twoInstances(fn: (hubs: Awaited<ReturnType<typeof open>>) => Promise<void>) {
  await using db = await openTestDb("postgres");
  await migrate(db.sql);
  await using other = await createDb({ databaseUrl: db.url, dataDir: "memory://" });
  const channel = `live_test_${crypto.randomUUID().slice(0, 8)}`;
  const hubs = await open(db.sql, other.sql, channel);
  try {
    await fn(hubs);
  } finally {
    hubs.a.close();
    hubs.b.close();
  }
}

async function open(
  sqlA: Parameters<typeof createPgLiveHub>[0]["sql"],
  sqlB: typeof sqlA,
  channel: string,
) {
  const logs: string[] = [];
  const log = (m: string) => void logs.push(m);
  const a = await createPgLiveHub({ sql: sqlA, channel, instanceId: "a", log });
  const b = await createPgLiveHub({ sql: sqlB, channel, instanceId: "b", log });
  return { a, b, logs, sql: sqlA, channel };
}

Deno.test("an event published on one instance reaches the other's subscribers once, and its own once", async () => {
  await twoInstances(async ({ a, b, logs }) => {
    const onA: LiveEvent[] = [];
    const onB: LiveEvent[] = [];
    a.subscribe("3", (e) => onA.push(e));
    b.subscribe("3", (e) => onB.push(e));
    b.subscribe("4", () => assert.fail("another lane's subscriber got it"));
    a.publish("3", { type: "shot", data: { n: 1 } });
    assert.deepEqual(onA, [{ type: "shot", data: { n: 1 } }], "delivered here at once");
    await a.flushed();
    await waitFor(() => onB.length === 1, 10_000, "the other instance's delivery");
    assert.deepEqual(onB, [{ type: "shot", data: { n: 1 } }]);
    // A marker sent after it from b comes back to a: a's own event was not echoed meanwhile.
    b.publish("3", { type: "marker", data: null });
    await b.flushed();
    await waitFor(() => onA.length === 2, 10_000, "the marker");
    assert.deepEqual(onA.map((e) => e.type), ["shot", "marker"]);
    assert.deepEqual(onB.map((e) => e.type), ["shot", "marker"]);
    assert.deepEqual(logs, []);
  });
});

Deno.test("events reach the other instance in the order published, a payload over 8000 bytes among them", async () => {
  await twoInstances(async ({ a, b, logs }) => {
    const got: number[] = [];
    b.subscribe("1", (e) => got.push((e.data as { n: number }).n));
    const big = "x".repeat(20_000);
    for (let n = 1; n <= 30; n++) {
      a.publish("1", { type: "shot", data: n % 7 === 0 ? { n, big } : { n } });
    }
    await a.flushed();
    await waitFor(() => got.length === 30, 15_000, "thirty events");
    assert.deepEqual(got, Array.from({ length: 30 }, (_, i) => i + 1));
    assert.deepEqual(logs, []);
  });
});

Deno.test("subscribeAll() tells this instance's events from the others' by origin", async () => {
  await twoInstances(async ({ a, b }) => {
    const local: string[] = [];
    const remote: string[] = [];
    const any: string[] = [];
    b.subscribeAll((ch, e) => local.push(`${ch}:${e.type}`), { origin: "local" });
    b.subscribeAll((ch, e) => remote.push(`${ch}:${e.type}`), { origin: "remote" });
    b.subscribeAll((ch, e) => any.push(`${ch}:${e.type}`));
    a.publish("user:u1", { type: "wallet", data: {} });
    b.publish("2", { type: "session", data: {} });
    await a.flushed();
    await waitFor(() => remote.length === 1, 10_000, "the remote event");
    assert.deepEqual(local, ["2:session"]);
    assert.deepEqual(remote, ["user:u1:wallet"]);
    assert.deepEqual(any.sort(), ["2:session", "user:u1:wallet"]);
    assert.equal(
      b.subscribers("2"),
      1,
      "a shared hub answers at least 1: others may have subscribers",
    );
  });
});

Deno.test("a notification this hub did not publish is dropped unless it is an event's shape", async () => {
  await twoInstances(async ({ a, b, logs, sql, channel }) => {
    const onB: LiveEvent[] = [];
    b.subscribe("3", (e) => onB.push(e));
    // Anyone who can connect may NOTIFY: a type that would break the SSE stream.
    await sql.notify(
      channel,
      JSON.stringify({ o: "x", n: 1, c: "3", e: { type: "shot\ndata: forged", data: 1 } }),
    );
    a.publish("3", { type: "marker", data: null });
    await a.flushed();
    await waitFor(() => onB.length === 1, 10_000, "the marker");
    assert.deepEqual(onB, [{ type: "marker", data: null }]);
    assert.ok(logs.some((l) => l.includes("was dropped")), logs.join("\n"));
  });
});
