import assert from "node:assert/strict";
import { startTestSfu } from "./testing.ts";

const KEY = "sfu-service-key-for-tests-0123";

async function status(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  const body = res.headers.get("content-type") === "application/problem+json"
    ? (await res.json()).code
    : (await res.body?.cancel(), undefined);
  return [res.status, body];
}

Deno.test("/lanes, /ingest and /metrics need the SFU service key; /health stays public", async () => {
  const t = await startTestSfu({ SFU_SERVICE_KEY: KEY });
  try {
    for (const path of ["/lanes", "/ingest", "/metrics"]) {
      assert.deepEqual(await status(`${t.url}${path}`), [401, "service_key_required"], path);
      assert.deepEqual(
        await status(`${t.url}${path}`, { authorization: `Bearer ${KEY}x` }),
        [403, "service_key_wrong"],
        path,
      );
      const viewer = await t.token("1", "lane:view");
      assert.deepEqual(
        await status(`${t.url}${path}`, { authorization: `Bearer ${viewer}` }),
        [403, "service_key_wrong"],
        `${path} with a lane token`,
      );
      assert.deepEqual(
        await status(`${t.url}${path}`, { authorization: `Bearer ${KEY}` }),
        [200, undefined],
        path,
      );
    }
    assert.deepEqual(await status(`${t.url}/health`), [200, undefined]);
  } finally {
    await t.close();
  }
});

Deno.test("without a service key, /lanes, /ingest and /metrics answer loopback callers only", async () => {
  const t = await startTestSfu();
  try {
    for (const path of ["/lanes", "/ingest", "/metrics"]) {
      assert.deepEqual(await status(`${t.url}${path}`), [200, undefined], path);
      assert.deepEqual(
        await status(`${t.url}${path}`, { "x-forwarded-for": "203.0.113.5" }),
        [403, "internal_only"],
        `${path} through a proxy`,
      );
    }
  } finally {
    await t.close();
  }
});
