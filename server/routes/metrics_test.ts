import assert from "node:assert/strict";
import { createTestApp } from "../testing.ts";
import { enqueue } from "../outbox/store.ts";
import { BALL_SETTLE } from "../markets/settle_topics.ts";

const TOKEN = "metrics-token-0123456789";

/** The value of the sample `name{labels}` in a Prometheus exposition (undefined when absent). */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

Deno.test("GET /metrics counts requests by route pattern, bets and the outbox's depth and lag", async () => {
  const t = await createTestApp("pglite", { METRICS_TOKEN: TOKEN });
  try {
    const auth = { authorization: `Bearer ${TOKEN}` };
    assert.equal((await t.app.request("/api/lanes/1")).status, 200);
    assert.equal((await t.app.request("/api/lanes/2")).status, 200);
    assert.equal((await t.app.request("/api/no/such/route/42")).status, 404);
    await enqueue(t.deps.db.sql, BALL_SETTLE, crypto.randomUUID(), { laneId: "1" });
    let res = await t.app.request("/metrics", { headers: auth });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /^text\/plain/);
    let text = await res.text();
    assert.equal(
      sample(
        text,
        'lanecast_http_requests_total{method="GET",route="/api/lanes/:id",status="200"}',
      ),
      2,
      "two lanes, one series",
    );
    assert.equal(
      sample(text, 'lanecast_http_requests_total{method="GET",route="unmatched",status="404"}'),
      1,
    );
    assert.ok(!text.includes("/api/no/such"), "a raw path never becomes a label");
    assert.equal(sample(text, `lanecast_outbox_pending{topic="${BALL_SETTLE}"}`), 1);

    assert.equal(await t.outbox.drain(), 1);
    res = await t.app.request("/metrics", { headers: auth });
    text = await res.text();
    assert.equal(sample(text, `lanecast_outbox_pending{topic="${BALL_SETTLE}"}`), 0);
    assert.equal(
      sample(text, `lanecast_outbox_processed_total{topic="${BALL_SETTLE}",outcome="done"}`),
      1,
    );
    assert.equal(sample(text, `lanecast_outbox_lag_seconds_count{topic="${BALL_SETTLE}"}`), 1);
    assert.equal(sample(text, "lanecast_bets_placed_total"), 0);
    assert.equal(sample(text, "lanecast_ledger_check_ok"), 1);
    assert.ok(sample(text, "lanecast_server_process_resident_memory_bytes")! > 0);
  } finally {
    await t.close();
  }
});

Deno.test("GET /metrics needs METRICS_TOKEN when one is set", async () => {
  const t = await createTestApp("pglite", { METRICS_TOKEN: TOKEN });
  try {
    let res = await t.app.request("/metrics");
    assert.equal(res.status, 401);
    assert.equal((await res.json()).code, "metrics_token_required");
    res = await t.app.request("/metrics", { headers: { authorization: "Bearer wrong-token" } });
    assert.equal(res.status, 403);
    assert.equal((await res.json()).code, "metrics_token_wrong");
  } finally {
    await t.close();
  }
});

Deno.test("without METRICS_TOKEN, GET /metrics answers this machine only, not through a proxy", async () => {
  const t = await createTestApp("pglite");
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, t.app.fetch);
  try {
    const url = `http://127.0.0.1:${server.addr.port}/metrics`;
    let res = await fetch(url);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /lanecast_http_request_duration_seconds/);
    res = await fetch(url, { headers: { "x-forwarded-for": "203.0.113.9" } });
    assert.equal(res.status, 403);
    assert.equal((await res.json()).code, "metrics_forbidden");
    res = await t.app.request("/metrics"); // no peer address at all
    assert.equal(res.status, 403);
    await res.body?.cancel();
  } finally {
    await server.shutdown();
    await t.close();
  }
});
