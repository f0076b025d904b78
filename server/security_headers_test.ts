import assert from "node:assert/strict";
import { Hono } from "hono";
import { loadServerConfig } from "./config.ts";
import { securityHeaders } from "./security_headers.ts";
import { createTestApp } from "./testing.ts";

/** The directives of a Content-Security-Policy header, by name. */
function csp(res: Response): Map<string, string[]> {
  const header = res.headers.get("content-security-policy") ?? "";
  return new Map(header.split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
}

Deno.test("every answer carries a strict CSP, nosniff, no referrer and no framing; HSTS only over TLS", async () => {
  const t = await createTestApp("pglite", { TRUST_PROXY: "true" });
  try {
    for (const path of ["/api/health", "/api/nothing-here", "/api/docs", "/"]) {
      const res = await t.app.request(`http://lanecast.test${path}`);
      await res.body?.cancel();
      const policy = csp(res);
      assert.deepEqual(policy.get("default-src"), ["'self'"], path);
      assert.deepEqual(policy.get("script-src"), ["'self'"], path);
      assert.deepEqual(policy.get("frame-ancestors"), ["'none'"], path);
      assert.deepEqual(policy.get("object-src"), ["'none'"], path);
      assert.deepEqual(
        policy.get("connect-src"),
        ["'self'", "http://lanecast.test:8001", "ws://lanecast.test:8001"],
        `${path}: the SFU, for WHEP and signaling`,
      );
      assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
      assert.equal(res.headers.get("referrer-policy"), "no-referrer", path);
      assert.equal(res.headers.get("x-frame-options"), "DENY", path);
      assert.equal(res.headers.get("strict-transport-security"), null, `${path}: plain HTTP`);
    }
    const tls = await t.app.request("http://lanecast.test/api/health", {
      headers: { "x-forwarded-proto": "https" },
    });
    await tls.body?.cancel();
    assert.equal(tls.headers.get("strict-transport-security"), "max-age=15552000");
    assert.deepEqual(csp(tls).get("connect-src"), [
      "'self'",
      "https://lanecast.test:8001",
      "wss://lanecast.test:8001",
    ]);
  } finally {
    await t.close();
  }
});

Deno.test("HSTS_MAX_AGE_S=0 sends no HSTS, and X-Forwarded-Proto counts only behind a trusted proxy", async () => {
  const envs: Record<string, string>[] = [{ TRUST_PROXY: "true", HSTS_MAX_AGE_S: "0" }, {}];
  for (const env of envs) {
    const t = await createTestApp("pglite", env);
    try {
      const res = await t.app.request("http://lanecast.test/api/health", {
        headers: { "x-forwarded-proto": "https" },
      });
      await res.body?.cancel();
      assert.equal(res.headers.get("strict-transport-security"), null, JSON.stringify(env));
    } finally {
      await t.close();
    }
  }
});

Deno.test("the API reference runs no inline script and keeps no pasted token", async () => {
  const t = await createTestApp("pglite");
  try {
    const page = await (await t.app.request("/api/docs")).text();
    assert.deepEqual(
      [...page.matchAll(/<script([^>]*)>/g)].map((m) => /\ssrc="/.test(m[1])),
      [true, true],
      "every script is a file",
    );
    const start = await t.app.request("/api/docs/start.js");
    assert.match(start.headers.get("content-type") ?? "", /^text\/javascript/);
    const code = await start.text();
    assert.match(code, /persistAuthorization: false/);
    assert.doesNotMatch(code, /persistAuthorization: true/);
  } finally {
    await t.close();
  }
});

Deno.test("Stripe.js, its frames and its API are allowed only while a publishable key is set", async () => {
  const base = loadServerConfig({ SFU_URL: "http://127.0.0.1:8001" });
  for (const key of [undefined, "pk_test_csp"]) {
    const app = new Hono();
    app.use("*", securityHeaders({ ...base, STRIPE_PUBLISHABLE_KEY: key }));
    app.get("/wallet", (c) => c.text("ok"));
    const res = await app.request("http://lanecast.test/wallet");
    await res.body?.cancel();
    const policy = csp(res);
    if (key) {
      assert.deepEqual(policy.get("script-src"), ["'self'", "https://js.stripe.com"]);
      assert.deepEqual(policy.get("frame-src"), [
        "'self'",
        "https://js.stripe.com",
        "https://hooks.stripe.com",
      ]);
      assert.ok(policy.get("connect-src")!.includes("https://api.stripe.com"));
    } else {
      assert.deepEqual(policy.get("script-src"), ["'self'"]);
      assert.equal(policy.get("frame-src"), undefined);
      assert.ok(!policy.get("connect-src")!.some((s) => s.includes("stripe")));
    }
  }
});

Deno.test("connect-src names the SFU on each request's own host, however many hosts ask", async () => {
  const config = loadServerConfig({});
  const app = new Hono().use("*", securityHeaders(config)).get("*", (c) => c.text("ok"));
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 100; i++) {
      const host = `h${i}.lanecast.test`;
      const res = await app.request(`http://${host}/api/x?round=${round}`);
      await res.body?.cancel();
      assert.deepEqual(csp(res).get("connect-src"), [
        "'self'",
        `http://${host}:8001`,
        `ws://${host}:8001`,
      ]);
    }
  }
});

Deno.test("connect-src adds the SFU hosts' origins of SFU_CONNECT_SRC; a source that is not one is refused", async () => {
  const config = loadServerConfig({
    SFU_CONNECT_SRC: "https://*.sfu.lanecast.test, wss://*.sfu.lanecast.test http://203.0.113.7:*",
  });
  const app = new Hono().use("*", securityHeaders(config)).get("*", (c) => c.text("ok"));
  const res = await app.request("http://lanecast.test/");
  await res.body?.cancel();
  assert.deepEqual(csp(res).get("connect-src"), [
    "'self'",
    "http://lanecast.test:8001",
    "ws://lanecast.test:8001",
    "https://*.sfu.lanecast.test",
    "wss://*.sfu.lanecast.test",
    "http://203.0.113.7:*",
  ]);
  for (const bad of ["'unsafe-inline'", "https://a.test; script-src *", "*", "javascript:x"]) {
    assert.throws(() => loadServerConfig({ SFU_CONNECT_SRC: bad }), bad);
  }
});
