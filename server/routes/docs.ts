/**
 * The OpenAPI 3.1 document (`/api/openapi.json`), generated from the zod
 * schemas the routes validate with, and an interactive reference page
 * (`/api/docs`, Swagger UI served from its npm package; nothing from the internet).
 * The page runs under the strict Content-Security-Policy (its start-up script
 * is a file, not inline) and does not keep a pasted token after the tab closes
 * (`persistAuthorization: false`: nothing goes to localStorage).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { serveStatic } from "hono/deno";
import { fileURLToPath } from "node:url";

const SWAGGER_DIR = fileURLToPath(new URL("../../node_modules/swagger-ui-dist/", import.meta.url));

export const OPENAPI_INFO = {
  title: "Lanecast API",
  version: "1.0.0",
  description:
    "Live bowling lanes, accounts, sessions and scoring. Errors are RFC 9457 application/problem+json.",
};

export function registerDocs(api: OpenAPIHono): void {
  api.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "Access token from /api/auth/login (or a lane's camera key where a route says so)",
  });
  api.doc31("/openapi.json", { openapi: "3.1.0", info: OPENAPI_INFO, servers: [{ url: "/api" }] });
}

export function docsPage(): Hono {
  const app = new Hono();
  app.get("/docs", (c) => c.html(PAGE));
  app.get("/docs/start.js", (c) => {
    c.header("content-type", "text/javascript; charset=utf-8");
    return c.body(START);
  });
  app.use(
    "/docs/assets/*",
    serveStatic({
      root: SWAGGER_DIR,
      rewriteRequestPath: (p) => p.replace(/^\/api\/docs\/assets/, ""),
    }),
  );
  return app;
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lanecast API reference</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<div id="ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/start.js"></script>
</body>
</html>`;

const START = `window.ui = SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#ui",
  deepLinking: true,
  persistAuthorization: false,
});
`;
