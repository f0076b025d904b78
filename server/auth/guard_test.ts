import assert from "node:assert/strict";
import { createTestApp } from "../testing.ts";
import { auth, createApi, createRoute, json, z } from "../api.ts";
import { authenticate } from "./guard.ts";
import { standingOf } from "./standing.ts";
import { signAccessToken } from "./tokens.ts";
import { onError } from "../errors.ts";
import { Hono } from "hono";
import * as jose from "jose";
import { generateLaneKeys } from "../../core/lane_token.ts";
import { keysFromJwk } from "../keys.ts";

Deno.test("requireRole() answers 401 without a token, 401 for expired or forged ones, 403 for other roles", async () => {
  const t = await createTestApp("pglite");
  try {
    const app = new Hono();
    app.onError(onError);
    app.use("*", authenticate({ keys: t.deps.keys, standing: standingOf(t.deps) }));
    const api = createApi().openapi(
      createRoute({
        method: "get",
        path: "/staff-only",
        ...auth("staff", "admin"),
        responses: { 200: json(z.object({ ok: z.boolean() }), "ok") },
      }),
      (c) => c.json({ ok: true }, 200),
    );
    app.route("/", api);
    const staff = await t.as("staff");
    const bettor = await t.as("bettor");

    let r = await app.request("/staff-only");
    assert.equal(r.status, 401);
    assert.equal(r.headers.get("content-type"), "application/problem+json");
    assert.equal((await r.json()).code, "unauthenticated");

    r = await app.request("/staff-only", { headers: bettor.headers });
    assert.equal(r.status, 403);
    assert.equal((await r.json()).code, "forbidden");

    r = await app.request("/staff-only", { headers: staff.headers });
    assert.equal(r.status, 200);

    const expired = await signAccessToken(t.deps.keys, {
      sub: staff.id,
      email: staff.email,
      role: "staff",
    }, -10);
    r = await app.request("/staff-only", { headers: { authorization: `Bearer ${expired}` } });
    assert.equal(r.status, 401);
    assert.equal((await r.json()).code, "expired_token");

    const otherKeys = await keysFromJwk(
      await jose.exportJWK((await generateLaneKeys()).privateKey),
    );
    const forged = await signAccessToken(otherKeys, {
      sub: staff.id,
      email: staff.email,
      role: "admin",
    }, 900);
    r = await app.request("/staff-only", { headers: { authorization: `Bearer ${forged}` } });
    assert.equal(r.status, 401);
    assert.equal((await r.json()).code, "invalid_token");
  } finally {
    await t.close();
  }
});

Deno.test("the OpenAPI document is 3.1 and lists the health route", async () => {
  const t = await createTestApp("pglite");
  try {
    const r = await t.app.request("/api/openapi.json");
    assert.equal(r.status, 200);
    const doc = await r.json();
    assert.equal(doc.openapi, "3.1.0");
    assert.ok(doc.paths["/health"].get);
    assert.equal(doc.components.securitySchemes.bearer.scheme, "bearer");
    const page = await t.app.request("/api/docs");
    assert.equal(page.status, 200);
    assert.match(await page.text(), /swagger-ui-bundle\.js/);
  } finally {
    await t.close();
  }
});
