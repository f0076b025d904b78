/**
 * Browser test of the spectator's live lane page in headless Chromium
 * against a real Lanecast (server, SFU, simulator with lane 1 simulated)
 * started with an admin from `ADMIN_EMAIL` / `ADMIN_PASSWORD`. Through the
 * API the admin opens a session on lane 1 and records balls; the inference
 * key reports shots as the sidecar would. The page, never reloaded, must
 * show each change as it happens. Screenshots go to `SCREENSHOT_DIR`
 * (default /tmp/lanecast-live).
 */
import assert from "node:assert/strict";
import { buildUnseenShotReport } from "../inference/events/shot_report.ts";
import { ADMIN, noSidewaysScroll, PHONE, startBrowserRun } from "./e2e_helpers.ts";
import { shotReport } from "./e2e_shot_report.ts";

Deno.test({
  name: "a spectator's lane page shows the score sheet, the last ball and its path live",
  async fn(t) {
    await using run = await startBrowserRun({
      screenshotDir: "/tmp/lanecast-live",
      shotPrefix: "live",
    });
    const { page, pageErrors, shot, system, url } = run;

    const login = await fetch(url("/api/auth/login"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ADMIN),
    });
    assert.equal(login.status, 200, await login.clone().text());
    const { accessToken } = await login.json();
    const staff = { authorization: `Bearer ${accessToken}`, "content-type": "application/json" };
    const post = async (path: string, body: unknown, headers: Record<string, string> = staff) => {
      const res = await fetch(url(path), { method: "POST", headers, body: JSON.stringify(body) });
      const text = await res.text();
      assert.ok(res.status === 200 || res.status === 201, `${path}: ${res.status} ${text}`);
      return JSON.parse(text);
    };

    let loads = 0;
    page.on("load", () => loads++);

    await t.step("with no session the page says there is no game", async () => {
      await page.goto(url("/lanes/1"));
      await page.locator(".sheet-card", { hasText: "No game on this lane right now" }).waitFor({
        timeout: 15_000,
      });
      await page.locator(".shot-card[data-empty]").waitFor();
    });

    let sessionId = "";
    await t.step("a session opened by staff appears without a reload", async () => {
      const sheet = await post("/api/lanes/1/sessions", {
        bowlers: [{ name: "Ada" }, { name: "Bo" }],
      });
      sessionId = sheet.id;
      await page.locator('[data-testid="sheet-state"]', {
        hasText: "Ada is up · frame 1, ball 1",
      })
        .waitFor({ timeout: 10_000 });
      assert.equal(await page.locator(".sheet--live tbody tr").count(), 2);
    });

    await t.step("each ball recorded shows on the sheet as it happens", async () => {
      await post(`/api/sessions/${sessionId}/balls`, { pinsStanding: [] });
      const ada1 = page.locator('tr[data-bowler="Ada"] td[data-frame="1"]');
      await ada1.locator(".sheet-mark", { hasText: "X" }).waitFor({ timeout: 10_000 });
      await page.locator('[data-testid="sheet-state"]', { hasText: "Bo is up" }).waitFor();

      await post(`/api/sessions/${sessionId}/balls`, { pinsStanding: [7, 10] });
      const bo1 = page.locator('tr[data-bowler="Bo"] td[data-frame="1"]');
      await bo1.locator(".sheet-mark", { hasText: "8" }).waitFor({ timeout: 10_000 });
      assert.equal(await bo1.locator('.sheet-mark[data-split="true"]').count(), 1);
      await post(`/api/sessions/${sessionId}/balls`, { pinsStanding: [] });
      await bo1.locator(".sheet-mark", { hasText: "/" }).waitFor({ timeout: 10_000 });
      await page.locator('[data-testid="sheet-state"]', { hasText: "Ada is up · frame 2" })
        .waitFor();
      assert.equal(await page.locator('[data-testid="live-total-Ada"]').innerText(), "0");
      assert.equal(await page.locator('[data-testid="live-total-Bo"]').innerText(), "0");
    });

    const inference = {
      authorization: `Bearer ${system.inferenceKey}`,
      "content-type": "application/json",
    };
    await t.step("a shot from the AI shows its speed, pins and path", async () => {
      await post(
        "/api/inference/lanes/1/shots",
        shotReport("e2e-shot-0001", { standing: 0, pinConfidence: 0.995, mph: 17.3 }),
        inference,
      );
      const card = page.locator('.shot-card[data-shot="e2e-shot-0001"]');
      await card.waitFor({ timeout: 10_000 });
      assert.equal(await card.locator('[data-testid="shot-speed"]').innerText(), "17.3");
      assert.equal(await card.locator('[data-testid="shot-leave"]').innerText(), "Strike");
      assert.match(await card.innerText(), /AI 99% sure/);
      assert.match(await card.innerText(), /Board 13\.2/);
      assert.match(await card.innerText(), /5\.8°/);
      const d = await page.locator('[data-testid="lane-path-line"]').getAttribute("d");
      assert.ok(d && d.split("L").length > 50, "the path has too few points");
      // Lane 1 is simulated, so it has a calibration and the path is drawn over the video too.
      await page.locator('[data-testid="path-overlay"]').waitFor({ timeout: 5000 });
      await page.waitForTimeout(1200); // let the path finish drawing
      await page.screenshot({ path: shot("desktop"), fullPage: true });
    });

    await t.step("an unsure shot is marked as under review", async () => {
      await post(
        "/api/inference/lanes/1/shots",
        shotReport("e2e-shot-0002", { standing: 0b1001000000, pinConfidence: 0.6, mph: 16.1 }),
        inference,
      );
      const card = page.locator('.shot-card[data-shot="e2e-shot-0002"]');
      await card.waitFor({ timeout: 10_000 });
      assert.equal(await card.locator(".badge--review").innerText(), "Under review");
      assert.equal(await card.locator('[data-testid="shot-leave"]').innerText(), "7-10 split");
      assert.equal(await page.locator(".lane-path__line--old").count(), 1);
      await page.waitForTimeout(1200);
      await page.screenshot({ path: shot("desktop-review"), fullPage: true });
    });

    await t.step("a sure foul from the AI scores as a foul", async () => {
      await post(
        "/api/inference/lanes/1/shots",
        shotReport("e2e-shot-0003", {
          standing: 0b1110000000,
          pinConfidence: 0.995,
          mph: 15.2,
          foul: true,
        }),
        inference,
      );
      const card = page.locator('.shot-card[data-shot="e2e-shot-0003"]');
      await card.waitFor({ timeout: 10_000 });
      assert.equal(await card.locator('[data-testid="shot-leave"]').innerText(), "Foul");
      assert.equal(await card.locator(".badge--review").count(), 0);
      // Bo's second frame starts with a foul: an F, and the rack is set up again for his next ball.
      const bo2 = page.locator('tr[data-bowler="Bo"] td[data-frame="2"]');
      await bo2.locator(".sheet-mark", { hasText: "F" }).waitFor({ timeout: 10_000 });
      await page.waitForTimeout(1200);
      await page.screenshot({ path: shot("desktop-foul"), fullPage: true });
    });

    // What the sidecar sends for a ball it never saw but the pinsetter cycled for.
    const unseen = buildUnseenShotReport({
      laneId: "1",
      releaseMs: Date.now(),
      approach: { captureTimeMs: Date.now() - 1420, confidence: 0.8 },
      standingBefore: 1023,
      after: {
        standing: 1023,
        probabilities: new Array(10).fill(0.99),
        confidence: 0.999,
        reads: 5,
      },
      settledMs: Date.now() + 3000,
      models: { ball: "e2e-ball", pins: "e2e-pins", motion: "e2e-motion" },
    });

    await t.step("a ball nobody saw waits for review, without a track", async () => {
      await post("/api/inference/lanes/1/shots", unseen, inference);
      const card = page.locator(`.shot-card[data-shot="${unseen.id}"]`);
      await card.waitFor({ timeout: 10_000 });
      assert.equal(await card.locator(".badge--review").innerText(), "Under review");
      assert.equal(await card.locator('[data-testid="shot-leave"]').innerText(), "Gutter");
      assert.match(await card.innerText(), /track was not seen/);
      assert.equal(await card.locator('[data-testid="shot-speed"]').count(), 0);
      // Not scored: Bo's second frame still holds only the foul.
      const bo2 = page.locator('tr[data-bowler="Bo"] td[data-frame="2"] .sheet-mark');
      assert.equal((await bo2.allInnerTexts()).join("").trim(), "F");
      await page.waitForTimeout(800);
      await page.screenshot({ path: shot("desktop-unseen"), fullPage: true });
    });

    await t.step("the page fits a 375 px wide phone", async () => {
      await page.setViewportSize(PHONE);
      await page.waitForTimeout(500);
      assert.equal(await noSidewaysScroll(page), 0, "the lane page scrolls sideways on a phone");
      await page.screenshot({ path: shot("phone"), fullPage: true });
    });

    await t.step("a reload shows the same sheet and shots", async () => {
      await page.reload();
      await page.locator(`.shot-card[data-shot="${unseen.id}"]`).waitFor({ timeout: 10_000 });
      await page.locator('tr[data-bowler="Bo"] td[data-frame="1"] .sheet-mark', { hasText: "/" })
        .waitFor();
      await page.locator('tr[data-bowler="Bo"] td[data-frame="2"] .sheet-mark', { hasText: "F" })
        .waitFor();
    });

    assert.equal(loads, 2, "the page reloaded before the last step");
    assert.deepEqual(pageErrors, []);
  },
});
