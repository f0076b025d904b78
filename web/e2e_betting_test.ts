/**
 * Browser test of betting end to end in headless Chromium against a real
 * Lanecast (server, SFU, simulator; lane 2 has no simulator, so the test
 * alone drives it). Staff open a session on lane 2; a person signs up on the
 * lane page, becomes a bettor, takes sandbox money and bets on the strike
 * market that the test's `rack-ready` event opened (another bettor, through
 * the API, takes the other side); the `approach` event suspends it; the AI's
 * shot (a sure strike) settles it, and the page — never reloaded — shows the
 * bet won with its payout and the balance changed. Screenshots go to
 * `SCREENSHOT_DIR` (default /tmp/lanecast-betting).
 */
import assert from "node:assert/strict";
import {
  ADMIN,
  jsonCaller,
  laneEventBody,
  noSidewaysScroll,
  startBrowserRun,
} from "./e2e_helpers.ts";
import { mailedSignupToken, signupConfirmed } from "../server/users/signup_client.ts";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };
const LANE = "2";

Deno.test({
  name: "a person signs up, becomes a bettor, bets on a ball and sees it settle",
  async fn(t) {
    await using run = await startBrowserRun({
      screenshotDir: "/tmp/lanecast-betting",
      shotPrefix: "betting",
    });
    const { page, pageErrors, shot, system, url } = run;
    await page.setViewportSize(DESKTOP);

    const call = jsonCaller(url);
    const laneEvent = (type: "approach" | "release" | "pinfall" | "rack-ready") =>
      call("/api/inference/events", {
        key: system.inferenceKey,
        body: laneEventBody(LANE, type, Date.now()),
      });

    let strikeId = "";
    const strikeMarket = () => page.locator(`.market[data-market="${strikeId}"]`);
    const admin = (await call("/api/auth/login", { body: ADMIN })).accessToken as string;
    await call(`/api/lanes/${LANE}/sessions`, {
      token: admin,
      body: { bowlers: [{ name: "Ana" }] },
    });

    await t.step("a visitor sees the lane's markets read-only and a call to bet", async () => {
      await laneEvent("rack-ready");
      await page.goto(url(`/lanes/${LANE}`));
      await page.locator('.market[data-kind="strike"]').waitFor({ timeout: 20_000 });
      strikeId = (await page.locator('.market[data-kind="strike"]').getAttribute("data-market"))!;
      assert.match(await page.locator(".bets-panel").innerText(), /DEMO MONEY/);
      assert.match(await strikeMarket().innerText(), /Frame 1, ball 1 — Ana/);
      assert.match(await strikeMarket().innerText(), /fair \d+ %/);
      assert.equal(await page.locator("button.outcome").count(), 0);
      await page.screenshot({ path: shot("visitor"), fullPage: true });
    });

    await t.step("they sign up and become a bettor", async () => {
      await page.locator('[data-testid="start-betting"]').click();
      await page.locator('input[name="displayName"]').fill("Bea");
      await page.locator('input[name="email"]').fill("bea@example.test");
      await page.locator('input[name="password"]').fill("bea password 0123");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.locator('[data-testid="check-email"]').waitFor();
      const token = await mailedSignupToken(url("/"), "bea@example.test", ADMIN);
      await page.goto(url(`/signup/confirm#token=${token}`));
      await page.locator('input[name="dateOfBirth"]').fill("1990-05-01");
      await page.locator('input[name="acceptTerms"]').check();
      await page.getByRole("button", { name: "Start betting" }).click();
      await page.waitForURL(url(`/lanes/${LANE}`));
      await page.locator('[data-testid="panel-balance"]', { hasText: "$0.00" }).waitFor();
    });

    await t.step("they take $50 of sandbox money", async () => {
      await page.locator('[data-testid="header-balance"]').click();
      await page.waitForURL(url("/wallet"));
      await page.locator('[data-testid="deposit-5000"]').click();
      await page.locator('[data-testid="deposit-submit"]').click();
      await page.locator('[data-testid="wallet-available"]', { hasText: "$50.00" }).waitFor();
      await page.locator(".tx", { hasText: "+$50.00" }).waitFor();
      await page.screenshot({ path: shot("wallet"), fullPage: true });
      await page.goBack();
      await page.waitForURL(url(`/lanes/${LANE}`));
    });

    await t.step("they bet $5 on a strike; another bettor takes the other side", async () => {
      const strike = strikeMarket();
      await strike.locator('button[data-outcome="yes"]').click();
      await page.getByRole("button", { name: "$5", exact: true }).click();
      await page.locator('[data-testid="slip-confirm"]').click();
      await page.locator('[data-testid="slip-placed"]').waitFor({ timeout: 10_000 });
      await page.locator('.bet-row[data-state="open"]').waitFor();
      await page.locator('[data-testid="header-balance"]', { hasText: "$45.00" }).waitFor();

      const other = await signupConfirmed(url("/"), {
        email: "cy@example.test",
        password: "cy password 0123",
        displayName: "Cy",
      }, ADMIN);
      const token = other.accessToken as string;
      await call("/api/me/betting", {
        token,
        body: { dateOfBirth: "1985-01-01", acceptTerms: true },
      });
      await call("/api/wallet/deposits", {
        token,
        body: { amount: 2000, provider: "sandbox", idempotencyKey: "e2e-cy-deposit-1" },
      });
      const { markets } = await call(`/api/lanes/${LANE}/markets`);
      const market = markets.find((m: { id: string }) => m.id === strikeId);
      await call("/api/bets", {
        token,
        body: {
          marketId: market.id,
          outcome: "no",
          stake: 500,
          marketVersion: market.version,
          idempotencyKey: "e2e-cy-bet-0001",
        },
      });
      // Money on "no" moves the odds on "yes" (10 % takeout: 900 / 500 = 1.80).
      await strike.locator('[data-outcome="yes"] [data-testid="odds"]', { hasText: "1.80" })
        .waitFor({ timeout: 10_000 });
      await page.screenshot({ path: shot("placed"), fullPage: true });
    });

    await t.step("the bowler's approach suspends the market", async () => {
      await laneEvent("approach");
      await strikeMarket().locator('[data-testid="market-badge"]', { hasText: "Suspended" })
        .waitFor({ timeout: 10_000 });
      await page.locator(`.market[data-market="${strikeId}"][data-state="suspended"]`).waitFor({
        timeout: 10_000,
      });
      assert.equal(await page.locator("button.outcome").count(), 0);
      await page.screenshot({ path: shot("suspended"), fullPage: true });
    });

    await t.step("a sure strike from the AI settles it: won, paid, balance up", async () => {
      await laneEvent("release");
      const releasedAtMs = Date.now();
      await call(`/api/inference/lanes/${LANE}/shots`, {
        key: system.inferenceKey,
        body: strikeShot("e2e-bet-shot-0001", releasedAtMs),
      });
      await laneEvent("pinfall");
      await page.locator('.bet-row[data-state="won"]', { hasText: "Paid $9.00" }).waitFor({
        timeout: 15_000,
      });
      await strikeMarket().locator('[data-testid="market-badge"]', { hasText: "Result: Strike" })
        .waitFor({ timeout: 10_000 });
      // $50 − $5 stake + $9 payout
      await page.locator('[data-testid="header-balance"]', { hasText: "$54.00" }).waitFor();
      await page.screenshot({ path: shot("settled"), fullPage: true });
    });

    await t.step("the page fits a phone", async () => {
      await page.setViewportSize(PHONE);
      await page.waitForTimeout(400);
      assert.equal(await noSidewaysScroll(page), 0, "the lane page scrolls sideways on a phone");
      await page.screenshot({ path: shot("phone"), fullPage: true });
    });

    assert.deepEqual(pageErrors, []);
  },
});

/** What the sidecar reports for a sure strike (every pin down, 99.5 % sure, no foul). */
function strikeShot(id: string, releasedAtMs: number) {
  const path = Array.from({ length: 61 }, (_, ft) => ({
    captureTimeMs: releasedAtMs + ft * 25,
    board: 17 - ft / 10,
    ft,
  }));
  return {
    id,
    events: [{ type: "release", captureTimeMs: releasedAtMs, confidence: 0.97, model: "e2e" }],
    metrics: {
      launchSpeedMph: 17.1,
      entrySpeedMph: 15.0,
      arrowsBoard: 15.5,
      breakpointBoard: 10,
      breakpointFt: 40,
      entryBoard: 17.5,
      entryAngleDeg: 5.5,
    },
    path,
    standingBefore: 1023,
    standing: 0,
    pinProbabilities: new Array(10).fill(0.02),
    pinConfidence: 0.995,
    trackConfidence: 0.93,
    foul: false,
    foulConfidence: 0.999,
    gutter: false,
    models: { ball: "e2e-ball", pins: "e2e-pins" },
  };
}
