/**
 * `GET /metrics`: the server's Prometheus exposition ({@linkcode createServerMetrics}).
 * With `METRICS_TOKEN` set, scrapers present it as a bearer token; without
 * one, only a scraper on this machine is answered (a loopback peer with no
 * `X-Forwarded-For`, so a local proxy cannot pass the public through), and
 * everyone else gets 403 `metrics_forbidden`.
 */
import { Hono } from "hono";
import { getConnInfo } from "hono/deno";
import { createMiddleware } from "hono/factory";
import { DomainError } from "../../core/problem.ts";
import type { AppDeps } from "../context.ts";
import { requireBearerKey } from "../shots/service_key.ts";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

const localOnly = createMiddleware(async (c, next) => {
  let peer = "";
  try {
    peer = getConnInfo(c).remote.address ?? "";
  } catch { /* in-memory request: no peer */ }
  if (!LOOPBACK.test(peer) || c.req.header("x-forwarded-for") !== undefined) {
    throw new DomainError(
      "metrics_forbidden",
      "Metrics are served to this machine only; set METRICS_TOKEN to scrape from elsewhere",
    );
  }
  await next();
});

export function metricsRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const metrics = deps.metrics;
  if (!metrics) return app;
  const token = deps.config.METRICS_TOKEN;
  app.get(
    "/metrics",
    token ? requireBearerKey(token, "metrics_token", "metrics token") : localOnly,
    async (c) => {
      c.header("content-type", metrics.registry.contentType);
      c.header("cache-control", "no-store");
      return c.body(await metrics.render(deps.db.sql));
    },
  );
  return app;
}
