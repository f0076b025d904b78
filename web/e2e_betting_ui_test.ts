/**
 * Browser test of the bettor's screens in headless Chromium against a fake
 * API (web/betting/fake_betting_server.ts) that the test drives: a visitor
 * sees a lane's markets read-only, signs up, is refused as too young, becomes
 * a bettor, adds demo money, bets (and bets again after the market changed
 * under the slip), sees the market suspend on the approach and the bet settle
 * with the balance changing — on a desktop and a phone. Screenshots go to
 * `SCREENSHOT_DIR` (default /tmp/lanecast-betting-ui). Needs `web/dist`
 * (`./lanecast deno task build:web`).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { launchBrowser } from "../tools/browser.ts";
import { FAKE_SIGNUP_LINK, startFakeBettingServer } from "./betting/fake_betting_server.ts";
import { noSidewaysScroll } from "./e2e_helpers.ts";

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const SCREENSHOT_DIR = Deno.env.get("SCREENSHOT_DIR") ?? "/tmp/lanecast-betting-ui";

Deno.test({
  name: "a visitor becomes a bettor, bets on a ball and sees it settle (fake API)",
  async fn(t) {
    await Deno.mkdir(SCREENSHOT_DIR, { recursive: true });
    const shot = (name: string) => join(SCREENSHOT_DIR, `betting-${name}.png`);
    await using fake = startFakeBettingServer();
    await using browser = await launchBrowser({ viewport: DESKTOP });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    const url = (path: string) => new URL(path, fake.url).href;

    const strike = fake.openMarket({ kind: "strike", pools: [2500, 4000], fair: [0.38, 0.62] });
    const pins = fake.openMarket({ kind: "pins-over-under", line: 7.5, fair: [0.55, 0.45] });
    const market = (id: string) => page.locator(`.market[data-market="${id}"]`);

    await t.step("a visitor sees the markets read-only with a call to bet", async () => {
      await page.goto(url("/lanes/1"));
      await market(strike.id).waitFor({ timeout: 15_000 });
      assert.equal(await market(strike.id).locator("button.outcome").count(), 0);
      const yes = market(strike.id).locator('[data-outcome="yes"]');
      assert.equal(await yes.locator('[data-testid="odds"]').innerText(), "2.34");
      assert.match(await yes.innerText(), /fair 38 %/);
      assert.match(await market(strike.id).innerText(), /Frame 3, ball 1 — Ana/);
      assert.match(await page.locator(".bets-panel").innerText(), /DEMO MONEY/);
      await page.screenshot({ path: shot("desktop-visitor"), fullPage: true });
    });

    await t.step("signing up and giving a too-young birth date is refused", async () => {
      await page.locator('[data-testid="start-betting"]').click();
      await page.waitForURL(/\/betting\?next=/);
      await page.locator('input[name="displayName"]').fill("Bea");
      await page.locator('input[name="email"]').fill("bea@example.test");
      await page.locator('input[name="password"]').fill("bea password 0123");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.locator('[data-testid="check-email"]').waitFor();
      await page.goto(url(FAKE_SIGNUP_LINK));
      await page.locator('input[name="dateOfBirth"]').fill("2015-05-01");
      await page.locator('input[name="acceptTerms"]').check();
      await page.getByRole("button", { name: "Start betting" }).click();
      await page.locator(".form__error", { hasText: "18 or older" }).waitFor();
      await page.screenshot({ path: shot("desktop-start-betting"), fullPage: true });
    });

    await t.step("an adult becomes a bettor and goes back to the lane", async () => {
      await page.locator('input[name="dateOfBirth"]').fill("1990-05-01");
      await page.getByRole("button", { name: "Start betting" }).click();
      await page.waitForURL(url("/lanes/1"));
      await page.locator('[data-testid="panel-balance"]', { hasText: "$0.00" }).waitFor();
    });

    await t.step("demo money added in the wallet shows everywhere", async () => {
      await page.locator('[data-testid="header-balance"]').click();
      await page.waitForURL(url("/wallet"));
      await page.locator('[data-testid="deposit-5000"]').click();
      await page.locator('[data-testid="deposit-submit"]').click();
      await page.locator('[data-testid="wallet-available"]', { hasText: "$50.00" }).waitFor();
      await page.locator(".tx", { hasText: "+$50.00" }).waitFor();
      assert.match(await page.locator('[data-testid="header-balance"]').innerText(), /\$50\.00/);
      await page.screenshot({ path: shot("desktop-wallet"), fullPage: true });
      await page.goBack();
      await page.waitForURL(url("/lanes/1"));
    });

    await t.step("a bet: pick, one tap on $5, confirm", async () => {
      await market(strike.id).locator('button[data-outcome="yes"]').click();
      await page.getByRole("button", { name: "$5" }).click();
      await page.locator('[data-testid="slip-confirm"]').click();
      await page.locator('[data-testid="slip-placed"]').waitFor();
      await page.locator('.bet-row[data-state="open"]').waitFor();
      // The pool moved with the bet: odds on yes come down from 2.34.
      await market(strike.id).locator('[data-outcome="yes"] [data-testid="odds"]', {
        hasText: "2.10",
      }).waitFor();
      await page.locator('[data-testid="header-balance"]', { hasText: "$45.00" }).waitFor();
      await page.screenshot({ path: shot("desktop-placed"), fullPage: true });
    });

    await t.step("a market that changed under the slip is asked again", async () => {
      await market(pins.id).locator('button[data-outcome="over"]').click();
      await page.getByRole("button", { name: "$2" }).click();
      fake.bumpVersion(pins.id);
      await page.locator('[data-testid="slip-confirm"]').click();
      await page.locator('[data-testid="slip-message"]', { hasText: "market changed" }).waitFor();
      await page.screenshot({ path: shot("desktop-stale"), fullPage: true });
      await page.locator('[data-testid="slip-confirm"]', { hasText: "Confirm again" }).click();
      await page.locator('[data-testid="slip-placed"]').waitFor();
      assert.equal(await page.locator(".bet-row").count(), 2);
    });

    await t.step("the bowler's approach suspends the markets", async () => {
      fake.aiEvent("approach");
      await market(strike.id).locator('[data-testid="market-badge"]', {
        hasText: "Suspended — bowler on the approach",
      }).waitFor();
      fake.suspend(strike.id);
      fake.suspend(pins.id);
      await market(pins.id).locator('[data-testid="market-badge"]', { hasText: "Suspended" })
        .waitFor();
      assert.equal(await page.locator("button.outcome").count(), 0);
      await page.screenshot({ path: shot("desktop-suspended"), fullPage: true });
    });

    await t.step("the shot settles the bets: won and lost, the balance changes", async () => {
      fake.aiEvent("pinfall");
      fake.settle(strike.id, "yes");
      fake.settle(pins.id, "under");
      await page.locator('.bet-row[data-state="won"]', { hasText: "Paid $10.50" }).waitFor();
      await page.locator('.bet-row[data-state="lost"]').waitFor();
      await market(strike.id).locator('[data-testid="market-badge"]', { hasText: "Result: Yes" })
        .waitFor();
      await page.locator('[data-testid="header-balance"]', { hasText: "$53.50" }).waitFor();
      await page.screenshot({ path: shot("desktop-settled"), fullPage: true });
    });

    await t.step("the phone layout fits 390 px and lists the next ball's markets", async () => {
      await page.setViewportSize(PHONE);
      fake.aiEvent("rack-ready");
      const next = fake.openMarket({ kind: "strike", pools: [1200, 3000], fair: [0.41, 0.59] });
      await market(next.id).locator('button[data-outcome="no"]').click();
      await page.getByRole("button", { name: "$10" }).click();
      await page.waitForTimeout(300);
      assert.equal(await noSidewaysScroll(page), 0, "the lane page scrolls sideways on a phone");
      await page.screenshot({ path: shot("phone-lane"), fullPage: true });
      await page.goto(url("/wallet"));
      await page.locator(".tx").first().waitFor();
      assert.equal(await noSidewaysScroll(page), 0, "the wallet scrolls sideways on a phone");
      await page.screenshot({ path: shot("phone-wallet"), fullPage: true });
      await page.goto(url("/bets"));
      await page.getByRole("tab", { name: "Settled" }).click();
      await page.locator('.bet-row[data-state="won"]').waitFor();
      await page.screenshot({ path: shot("phone-bets"), fullPage: true });
    });

    assert.deepEqual(pageErrors, []);
  },
});
