import assert from "node:assert/strict";
import { createTestApp } from "../testing.ts";

async function kvEntries(kv: Deno.Kv): Promise<string[]> {
  const keys: string[] = [];
  for await (const e of kv.list({ prefix: [] })) keys.push(JSON.stringify(e.key));
  return keys;
}

Deno.test("GET /api/health is a read-only probe: it writes nothing to KV", async () => {
  const t = await createTestApp("pglite");
  try {
    const before = await kvEntries(t.deps.kv);
    for (let i = 0; i < 3; i++) {
      const res = await t.app.request("/api/health");
      assert.equal(res.status, 200);
      assert.equal((await res.json()).components.kv.status, "ok");
    }
    assert.deepEqual(await kvEntries(t.deps.kv), before);
  } finally {
    await t.close();
  }
});
