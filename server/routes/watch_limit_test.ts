import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createTestApp } from "../testing.ts";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`POST /api/lanes/{id}/watch is limited per client address on ${kind}`, async () => {
    const { app, close } = await createTestApp(kind, {
      WATCH_LIMIT_PER_MINUTE: "3",
      TRUST_PROXY: "true",
    });
    const watch = (lane: string, address: string) =>
      app.request(`/api/lanes/${lane}/watch`, {
        method: "POST",
        headers: { "x-forwarded-for": address },
      });
    try {
      for (const lane of ["1", "2", "3"]) {
        const res = await watch(lane, "203.0.113.9");
        assert.equal(res.status, 200);
        await res.body?.cancel();
      }
      const refused = await watch("1", "203.0.113.9");
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get("content-type"), "application/problem+json");
      const retryAfter = Number(refused.headers.get("retry-after"));
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      assert.equal((await refused.json()).code, "too_many_attempts");

      const other = await watch("1", "198.51.100.7");
      assert.equal(other.status, 200, "another address still gets a token");
      assert.ok((await other.json()).token);
    } finally {
      await close();
    }
  });
}
