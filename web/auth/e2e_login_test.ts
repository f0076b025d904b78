/**
 * Browser test in headless Chromium against the server alone (no SFU): the
 * web app and the API reference run under the server's Content-Security-Policy
 * without a single violation, and a login keeps its refresh token in the
 * HttpOnly cookie, never in the page's storage, surviving a reload.
 * Needs the built web app (`deno task build:web`).
 */
import assert from "node:assert/strict";
import { launchBrowser } from "../../tools/browser.ts";
import { createTestApp } from "../../server/testing.ts";
import { ensureAdmin } from "../../server/users/bootstrap.ts";
import { REFRESH_COOKIE } from "../../server/auth/refresh_cookie.ts";

const ADMIN = { email: "admin@alley.test", password: "admin password 0123" };

Deno.test("the web app and the API reference run under the CSP; the refresh token stays in its cookie", async (t) => {
  const app = await createTestApp("pglite");
  await ensureAdmin(app.deps.db.sql, ADMIN);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app.app.fetch);
  const base = `http://127.0.0.1:${server.addr.port}`;
  await using browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const violations: string[] = [];
    const errors: string[] = [];
    await page.exposeFunction("__cspViolation", (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        // deno-lint-ignore no-explicit-any
        (globalThis as any).__cspViolation(
          `${e.violatedDirective} ${e.blockedURI} ${location.pathname}`,
        );
      });
    });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const refreshCookies = async () =>
      (await browser.context.cookies(`${base}/api/auth/refresh`)).filter((c) =>
        c.name === REFRESH_COOKIE
      );

    await t.step("the lane grid loads, and a live lane's player reaches for the SFU", async () => {
      app.sfu.live.set("1", { id: "1", live: true, liveSince: Date.now(), viewers: 0 });
      await page.goto(`${base}/`);
      await page.locator("#app *").first().waitFor();
      const toSfu: string[] = [];
      page.on("request", (r) => void (r.url().includes(":8001/") && toSfu.push(r.url())));
      page.on("websocket", (ws) => void (ws.url().includes(":8001/") && toSfu.push(ws.url())));
      const watched = page.waitForResponse((r) => r.url().endsWith("/api/lanes/1/watch"));
      await page.goto(`${base}/lanes/1`);
      assert.equal((await watched).status(), 200);
      // The player's WHEP or signaling request goes to the SFU's port (nobody listens there).
      await page.waitForTimeout(2000);
      assert.ok(toSfu.length > 0, "the player reached for the SFU");
    });

    await t.step("an admin logs in: the refresh token is an HttpOnly cookie only", async () => {
      await page.goto(`${base}/login?next=/staff`);
      await page.locator('input[name="email"]').fill(ADMIN.email);
      await page.locator('input[name="password"]').fill(ADMIN.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(`${base}/staff`);
      await page.locator(".staff-tabs__name").waitFor();
      const [cookie] = await refreshCookies();
      assert.ok(cookie, "the refresh cookie is set");
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, "Strict");
      assert.equal(cookie.path, "/api/auth");
      const seen = await page.evaluate(() => ({
        cookies: document.cookie,
        stored: Object.entries(localStorage).concat(Object.entries(sessionStorage)),
      }));
      assert.ok(!seen.cookies.includes(REFRESH_COOKIE), "scripts cannot read the cookie");
      assert.ok(
        seen.stored.every(([, v]) => !v.includes(cookie.value)),
        `no token in storage: ${JSON.stringify(seen.stored)}`,
      );
    });

    await t.step("a reload signs in again with the cookie, and signing out clears it", async () => {
      const before = (await refreshCookies())[0].value;
      await page.reload();
      await page.locator(".staff-tabs__name").waitFor();
      assert.notEqual((await refreshCookies())[0].value, before, "the reload rotated the token");
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.locator('input[name="email"]').waitFor();
      await page.waitForFunction(() => !localStorage.getItem("lanecast.signedIn"));
      assert.deepEqual(await refreshCookies(), []);
    });

    await t.step("the API reference renders", async () => {
      await page.goto(`${base}/api/docs`);
      await page.locator(".swagger-ui .info .title").waitFor();
      await page.locator(".opblock").first().waitFor();
    });

    assert.deepEqual(violations, [], "no CSP violations");
    assert.deepEqual(errors, [], "no page errors");
  } finally {
    await server.shutdown();
    await app.close();
  }
});
