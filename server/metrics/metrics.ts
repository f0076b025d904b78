/**
 * The server's Prometheus metrics (`GET /metrics`, prom-client): requests by
 * route (the matched pattern, never the raw path, so ids do not explode the
 * series) with their latencies; bets placed; outbox facts processed by topic
 * and outcome with their lag from the fact to its commit (for `ball.settle`
 * that is the settlement lag from the recorded ball to the paid bets); and,
 * read from the database at each scrape, the outbox's pending and dead facts
 * per topic, markets by state, and whether the ledger's invariants hold
 * (checked at most once a minute).
 *
 * @example
 * ```ts ignore
 * const metrics = createServerMetrics();
 * app.use("*", metrics.http);
 * metrics.betsPlaced(3);
 * const text = await metrics.render(sql);
 * ```
 * @module
 */
import { cpuUsage } from "node:process";
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Sql } from "../db.ts";
import { countByTopic } from "../outbox/store.ts";
import { checkLedger } from "../ledger/check.ts";

/** The ledger's full check runs at most this often on scrapes (it reads every transfer). */
const LEDGER_CHECK_EVERY_MS = 60_000;

export function createServerMetrics() {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({
    name: "lanecast_http_requests_total",
    help: "HTTP requests answered, by method, route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    registers,
  });
  const latency = new Histogram({
    name: "lanecast_http_request_duration_seconds",
    help: "Time to answer an HTTP request (to its first byte), by method and route pattern",
    labelNames: ["method", "route"] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const bets = new Counter({
    name: "lanecast_bets_placed_total",
    help: "Bets accepted (201)",
    registers,
  });
  const processed = new Counter({
    name: "lanecast_outbox_processed_total",
    help: "Outbox facts processed, by topic and outcome (done, failed, dead)",
    labelNames: ["topic", "outcome"] as const,
    registers,
  });
  const lag = new Histogram({
    name: "lanecast_outbox_lag_seconds",
    help: "From a fact's commit to its follow-up's commit, by topic (ball.settle: settlement lag)",
    labelNames: ["topic"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers,
  });
  const pending = new Gauge({
    name: "lanecast_outbox_pending",
    help: "Outbox facts waiting (queue depth), by topic",
    labelNames: ["topic"] as const,
    registers,
  });
  const dead = new Gauge({
    name: "lanecast_outbox_dead",
    help: "Outbox facts that gave up (a person must revive them), by topic",
    labelNames: ["topic"] as const,
    registers,
  });
  const markets = new Gauge({
    name: "lanecast_markets",
    help: "Markets by state",
    labelNames: ["state"] as const,
    registers,
  });
  const ledgerOk = new Gauge({
    name: "lanecast_ledger_check_ok",
    help: "1 when the ledger's invariants held at the last check (at most once a minute), else 0",
    registers,
  });
  const ledgerViolations = new Gauge({
    name: "lanecast_ledger_check_violations",
    help: "Violations the last ledger check found",
    registers,
  });
  let ledgerCheckedAt = -Infinity;
  const cpu = new Gauge({
    name: "lanecast_server_process_cpu_seconds_total",
    help: "CPU time of this server process (user + system)",
    registers,
  });
  const rss = new Gauge({
    name: "lanecast_server_process_resident_memory_bytes",
    help: "Resident memory of this server process",
    registers,
  });

  const http: MiddlewareHandler = async (c, next) => {
    const start = performance.now();
    await next();
    // Unmatched paths share one series: a scanner cannot grow the label set.
    const pattern = routePath(c);
    const route = pattern === "/*" || pattern === "*" || pattern === "/api/*"
      ? "unmatched"
      : pattern;
    requests.inc({ method: c.req.method, route, status: String(c.res.status) });
    latency.observe({ method: c.req.method, route }, (performance.now() - start) / 1000);
  };

  return {
    registry,
    http,
    betsPlaced(n = 1) {
      bets.inc(n);
    },
    /** An outbox step's outcome; `createdAt` is the fact's. */
    outboxStep(topic: string, outcome: string, createdAt: Date) {
      if (outcome !== "done" && outcome !== "failed" && outcome !== "dead") return;
      processed.inc({ topic, outcome });
      if (outcome === "done") lag.observe({ topic }, (Date.now() - createdAt.getTime()) / 1000);
    },
    /** The exposition, after reading the gauges. */
    async render(sql: Sql): Promise<string> {
      pending.reset();
      dead.reset();
      for (const t of await countByTopic(sql)) {
        pending.set({ topic: t.topic }, t.pending);
        dead.set({ topic: t.topic }, t.dead);
      }
      markets.reset();
      const rows = await sql<{ state: string; n: number }[]>`
        select state, count(*)::int as n from markets group by state`;
      for (const r of rows) markets.set({ state: r.state }, r.n);
      if (performance.now() - ledgerCheckedAt >= LEDGER_CHECK_EVERY_MS) {
        ledgerCheckedAt = performance.now();
        const check = await checkLedger(sql);
        ledgerOk.set(check.ok ? 1 : 0);
        ledgerViolations.set(check.violations.length);
      }
      const used = cpuUsage();
      cpu.set((used.user + used.system) / 1e6);
      rss.set(Deno.memoryUsage().rss);
      return await registry.metrics();
    },
  };
}

export type ServerMetrics = ReturnType<typeof createServerMetrics>;
