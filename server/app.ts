/** The Hono app: API routes, the JWKS, the built web app, one error boundary. */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { serveStatic } from "hono/deno";
import { requestId } from "hono/request-id";
import { DomainError } from "../core/problem.ts";
import type { AppDeps } from "./context.ts";
import { notFound, onError } from "./errors.ts";
import { authenticate } from "./auth/guard.ts";
import { standingOf } from "./auth/standing.ts";
import { rejectNul } from "./nul_guard.ts";
import { securityHeaders } from "./security_headers.ts";
import { createApi } from "./api.ts";
import { docsPage, registerDocs } from "./routes/docs.ts";
import { healthRoutes } from "./routes/health.ts";
import { laneRoutes } from "./routes/lanes.ts";
import { inferenceRoutes } from "./routes/inference.ts";
import { inferenceEventRoutes } from "./routes/inference_events.ts";
import { inferenceLeaseRoutes } from "./routes/inference_leases.ts";
import { shotRoutes } from "./routes/shots.ts";
import { authRoutes } from "./routes/auth.ts";
import { meRoutes } from "./routes/me.ts";
import { myGamesRoutes } from "./routes/my_games.ts";
import { userRoutes } from "./routes/users.ts";
import { auditRoutes } from "./routes/audit.ts";
import { sessionRoutes } from "./routes/sessions.ts";
import { sessionCheckInRoutes } from "./routes/session_check_in.ts";
import { openPlayRoutes } from "./routes/open_play.ts";
import { liveRoutes } from "./routes/live.ts";
import { outboxRoutes } from "./routes/outbox.ts";
import { ledgerRoutes } from "./routes/ledger.ts";
import { betRoutes } from "./routes/bets.ts";
import { marketRoutes } from "./routes/markets.ts";
import { bettingRoutes } from "./routes/betting.ts";
import { marketReviewRoutes } from "./routes/market_reviews.ts";
import { walletRoutes } from "./routes/wallet.ts";
import { paypalRoutes } from "./routes/paypal.ts";
import { twilioWebhookRoutes } from "./routes/twilio_webhooks.ts";
import { notificationRoutes } from "./routes/notifications.ts";
import { withdrawalRoutes } from "./withdrawals/routes.ts";
import { staffWithdrawalRoutes } from "./withdrawals/staff_routes.ts";
import { responsibleRoutes } from "./responsible/routes.ts";
import { walletCsvRoutes } from "./routes/wallet_csv.ts";
import { paymentsConfigRoutes } from "./routes/payments_config.ts";
import { shareRoutes } from "./routes/shares.ts";
import { sharePageRoutes } from "./routes/share_page.ts";
import { redactShareTokens } from "./shares/tokens.ts";
import { shareSmsRoutes } from "./routes/share_sms.ts";
import { mailRoutes } from "./routes/mail.ts";
import { phoneRoutes } from "./routes/phone.ts";
import { clipRoutes } from "./routes/clips.ts";
import { mediaRoutes } from "./routes/media.ts";
import { stripeWebhookRoutes } from "./routes/stripe_webhook.ts";
import { paymentListRoutes } from "./routes/payments_lists.ts";
import { analyzeRoutes } from "./routes/analyze.ts";
import { resolveRoutes } from "./routes/resolve.ts";
import { videoReviewRoutes } from "./routes/video_reviews.ts";
import { ANALYZE_UPLOAD_PATH } from "./analyze/upload_path.ts";
import { metricsRoutes } from "./routes/metrics.ts";

export const MAX_BODY_BYTES = 64 * 1024;

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.onError(onError);
  app.notFound(notFound);
  app.use("*", requestId());
  if (deps.metrics) app.use("/api/*", deps.metrics.http);
  app.use("*", securityHeaders(deps.config, deps.clips?.mediaOrigins));
  app.use("*", async (c, next) => {
    const start = performance.now();
    await next();
    if (c.req.path.startsWith("/api/")) {
      console.log(`[${c.get("requestId")}] ${c.req.method} ${redactShareTokens(c.req.path)} ${c.res.status} ${(performance.now() - start).toFixed(1)}ms`);
    }
  });
  const origins = deps.config.CORS_ORIGINS.split(",").map((s) => s.trim()).filter(Boolean);
  if (origins.length) app.use("/api/*", cors({ origin: origins, credentials: true }));
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new DomainError("too_large", `Request bodies are limited to ${MAX_BODY_BYTES} bytes`);
    },
  });
  // Video uploads stream to disk under their own limit (ANALYZE_MAX_BYTES).
  app.use("/api/*", (c, next) =>
    c.req.method === "POST" && c.req.path === ANALYZE_UPLOAD_PATH ? next() : limitBody(c, next));

  app.get("/.well-known/jwks.json", (c) => {
    c.header("cache-control", "public, max-age=300");
    return c.json(deps.keys.jwks);
  });
  app.use("/api/*", rejectNul);
  app.use("/api/*", authenticate({ keys: deps.keys, standing: standingOf(deps) }));

  const api = createApi();
  api.route("/", healthRoutes(deps));
  api.route("/", laneRoutes(deps));
  api.route("/", inferenceRoutes(deps, { publish: deps.live.publish, wake: () => deps.outbox?.wake() }));
  api.route("/", inferenceEventRoutes(deps));
  api.route("/", inferenceLeaseRoutes(deps));
  api.route("/", shotRoutes(deps));
  api.route("/", authRoutes(deps));
  api.route("/", meRoutes(deps));
  api.route("/", myGamesRoutes(deps));
  api.route("/", userRoutes(deps));
  api.route("/", auditRoutes(deps));
  api.route("/", sessionRoutes(deps));
  api.route("/", sessionCheckInRoutes(deps));
  api.route("/", openPlayRoutes(deps));
  api.route("/", liveRoutes(deps));
  api.route("/", outboxRoutes(deps));
  // Before any `/markets/{id}` route, so "reviews" is never read as a market id.
  api.route("/", marketReviewRoutes(deps));
  api.route("/", videoReviewRoutes(deps));
  api.route("/", marketRoutes(deps));
  api.route("/", betRoutes(deps));
  api.route("/", ledgerRoutes(deps));
  api.route("/", bettingRoutes(deps));
  api.route("/", walletRoutes(deps));
  api.route("/", paypalRoutes(deps));
  api.route("/", twilioWebhookRoutes(deps));
  api.route("/", notificationRoutes(deps));
  api.route("/", withdrawalRoutes(deps));
  api.route("/", staffWithdrawalRoutes(deps));
  api.route("/", responsibleRoutes(deps));
  api.route("/", walletCsvRoutes(deps));
  api.route("/", paymentsConfigRoutes(deps));
  api.route("/", shareRoutes(deps));
  api.route("/", shareSmsRoutes(deps));
  api.route("/", mailRoutes(deps));
  api.route("/", phoneRoutes(deps));
  api.route("/", clipRoutes(deps));
  api.route("/", stripeWebhookRoutes(deps));
  api.route("/", paymentListRoutes(deps));
  api.route("/", analyzeRoutes(deps));
  api.route("/", resolveRoutes(deps));
  registerDocs(api);
  app.route("/api", api);
  app.route("/api", docsPage());
  app.all("/api/*", notFound);

  app.route("/", metricsRoutes(deps));
  app.route("/", sharePageRoutes(deps));
  app.route("/", mediaRoutes(deps));

  const root = deps.config.WEB_DIST;
  app.use("/*", serveStatic({ root }));
  // Client-side routes (/lanes/3, /staff/…) get the app shell.
  app.get("*", serveStatic({ path: `${root}/index.html` }));
  return app;
}
