import assert from "node:assert/strict";
import { Hono } from "hono";
import { startTestPostgres } from "../tools/postgres.ts";
import { createDb } from "./db.ts";
import { onError } from "./errors.ts";

Deno.test("a connection dropped inside a transaction answers 503 and the process serves the next request", async () => {
  const pg = await startTestPostgres();
  try {
    await using db = await createDb({ databaseUrl: pg.url, dataDir: "", maxConnections: 2 });
    const app = new Hono();
    app.onError(onError);
    app.post("/drop", async (c) => {
      await db.sql.begin((tx) => tx`select pg_terminate_backend(pg_backend_pid())`);
      return c.json({ ok: true });
    });
    app.get("/one", async (c) => {
      const [{ one }] = await db.sql`select 1 as one`;
      return c.json({ one });
    });
    const dropped = await app.request("/drop", { method: "POST" });
    assert.equal(dropped.status, 503);
    assert.equal((await dropped.json()).code, "unavailable");
    // Let the driver's pending write run: unguarded, it ends the process here.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const next = await app.request("/one");
    assert.equal(next.status, 200);
    assert.deepEqual(await next.json(), { one: 1 });
  } finally {
    await pg.stop();
  }
});
