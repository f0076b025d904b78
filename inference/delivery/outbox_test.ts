import assert from "node:assert/strict";
import { ServerClient } from "../intake/server_client.ts";
import { createDeliveryOutbox, type DeliveryItem, type DeliveryOutbox } from "./outbox.ts";
import { DeliveryJournal } from "./journal.ts";

/** A stand-in for the API server: stores each shot once by id, answering as `answer` says. */
function fakeServer(answer: (req: number, body: { id: string }) => number) {
  const stored = new Map<string, unknown>();
  const received: string[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
    const body = await req.json();
    received.push(body.id);
    const status = answer(received.length, body);
    if (status >= 200 && status < 300) {
      const created = !stored.has(body.id);
      stored.set(body.id, body);
      return Response.json({ created }, { status: created ? 201 : 200 });
    }
    return Response.json({ detail: "No" }, { status });
  });
  const client = new ServerClient(`http://127.0.0.1:${server.addr.port}`, "test-key-0123456789");
  return { stored, received, client, close: () => server.shutdown() };
}

const item = (id: string): DeliveryItem => ({
  id: `shot:${id}`,
  path: "/api/inference/lanes/1/shots",
  body: { id },
  meta: { kind: "shot", laneId: "1" },
});

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "lanecast-delivery-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function outboxFor(dir: string, client: ServerClient | null, delivered: string[] = []) {
  return createDeliveryOutbox({
    path: `${dir}/outbox.jsonl`,
    send: (i) => client ? client.post(i.path, i.body) : Promise.reject(new Error("Server down")),
    onDelivered: (i) => delivered.push(i.id),
    retryMs: 1,
    maxRetryMs: 5,
    log: () => {},
  });
}

Deno.test("a shot the server refuses with 500 for a while arrives once, in order with the next", async () => {
  await withDir(async (dir) => {
    const server = fakeServer((n) => n <= 6 ? 500 : 201);
    const delivered: string[] = [];
    const outbox = await outboxFor(dir, server.client, delivered);
    try {
      await outbox.enqueue(item("a-00000001"));
      await outbox.enqueue(item("b-00000002"));
      await outbox.idle();
      assert.deepEqual(server.received.slice(0, 6), new Array(6).fill("a-00000001"));
      assert.deepEqual([...server.stored.keys()], ["a-00000001", "b-00000002"]);
      assert.deepEqual(delivered, ["shot:a-00000001", "shot:b-00000002"]);
      assert.equal(outbox.pending, 0);
    } finally {
      await outbox.stop();
      await server.close();
    }
    const reopened = await DeliveryJournal.open(`${dir}/outbox.jsonl`);
    assert.deepEqual(reopened.pending(), [], "confirmed items are gone from the journal");
    reopened.close();
  });
});

Deno.test("a sidecar restarted with a pending journal delivers what it wrote before", async () => {
  await withDir(async (dir) => {
    let down: DeliveryOutbox | null = await outboxFor(dir, null);
    await down.enqueue(item("c-00000003"));
    await down.enqueue(item("d-00000004"));
    assert.equal(down.pending, 2);
    await down.stop();
    down = null;

    const server = fakeServer(() => 201);
    const delivered: string[] = [];
    const outbox = await outboxFor(dir, server.client, delivered);
    try {
      await outbox.idle();
      assert.deepEqual(delivered, ["shot:c-00000003", "shot:d-00000004"]);
      assert.deepEqual(server.received, ["c-00000003", "d-00000004"], "each sent once");
    } finally {
      await outbox.stop();
      await server.close();
    }
  });
});

Deno.test("a final refusal (409) is parked once, not retried, and the next item still goes", async () => {
  await withDir(async (dir) => {
    const server = fakeServer((_, body) => body.id === "e-00000005" ? 409 : 201);
    const delivered: string[] = [];
    const outbox = await outboxFor(dir, server.client, delivered);
    try {
      await outbox.enqueue(item("e-00000005"));
      await outbox.enqueue(item("f-00000006"));
      await outbox.idle();
      assert.deepEqual(server.received, ["e-00000005", "f-00000006"]);
      assert.deepEqual(delivered, ["shot:f-00000006"]);
      const parked = (await Deno.readTextFile(`${dir}/outbox.parked.jsonl`)).trim().split("\n");
      assert.deepEqual(parked.map((l) => JSON.parse(l).id), ["shot:e-00000005"]);
    } finally {
      await outbox.stop();
      await server.close();
    }
  });
});

Deno.test("a journal line torn by a crash mid-write is dropped; what was written whole stays pending", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/outbox.jsonl`;
    const whole = JSON.stringify({ add: item("g-00000007") });
    const done = JSON.stringify({ add: item("h-00000008") }) + "\n" +
      JSON.stringify({ done: "shot:h-00000008" });
    await Deno.writeTextFile(path, `${whole}\n${done}\n{"add":{"id":"shot:i-0000`);
    const journal = await DeliveryJournal.open(path);
    try {
      assert.deepEqual(journal.pending().map((i) => i.id), ["shot:g-00000007"]);
      assert.equal(await journal.add(item("g-00000007")), false, "a pending id is written once");
    } finally {
      journal.close();
    }
    assert.equal((await Deno.readTextFile(path)).trim(), whole, "rewritten with what is pending");
  });
});
