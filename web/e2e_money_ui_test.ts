/**
 * Browser test of the money screens in headless Chromium against the fake
 * API (web/betting/fake_betting_server.ts with web/money/fake_money_routes.ts),
 * which has every money route of issue 15: a bettor deposits demo money, sets
 * a daily deposit limit, hits it (the plain-words message shows, nothing
 * moves), raises it (shown as pending), requests a withdrawal (held), cancels
 * one, staff approve another, sees the reality check and takes a time-out
 * that pauses deposits — at 1440×900 and 390×844. Screenshots go to
 * `SCREENSHOT_DIR` (default /tmp/moneyweb). Needs `web/dist`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { launchBrowser } from "../tools/browser.ts";
import { FAKE_SIGNUP_LINK, startFakeBettingServer } from "./betting/fake_betting_server.ts";
import { noSidewaysScroll } from "./e2e_helpers.ts";

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const SCREENSHOT_DIR = Deno.env.get("SCREENSHOT_DIR") ?? "/tmp/moneyweb";

Deno.test({
  name: "a bettor deposits, hits a deposit limit, withdraws and takes a time-out (fake API)",
  async fn(t) {
    await Deno.mkdir(SCREENSHOT_DIR, { recursive: true });
    const shot = (name: string) => join(SCREENSHOT_DIR, `money-ui-${name}.png`);
    await using fake = startFakeBettingServer();
    await using browser = await launchBrowser({ viewport: DESKTOP });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    const url = (path: string) => new URL(path, fake.url).href;
    const available = page.locator('[data-testid="wallet-available"]');
    const tab = (name: string) => page.locator(".money-tabs").getByRole("link", { name });

    await t.step("a new bettor deposits $25 of demo money", async () => {
      await page.goto(url("/betting?next=/wallet"));
      await page.locator('input[name="displayName"]').fill("Dee");
      await page.locator('input[name="email"]').fill("dee@example.test");
      await page.locator('input[name="password"]').fill("dee password 0123");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.locator('[data-testid="check-email"]').waitFor();
      await page.goto(url(FAKE_SIGNUP_LINK));
      await page.locator('input[name="dateOfBirth"]').fill("1990-05-01");
      await page.locator('input[name="acceptTerms"]').check();
      await page.getByRole("button", { name: "Start betting" }).click();
      await page.waitForURL(url("/wallet"));
      await page.locator('[data-testid="deposit-2500"]').click();
      await page.locator('[data-testid="deposit-submit"]').click();
      await available.filter({ hasText: "$25.00" }).waitFor();
    });

    await t.step("a daily limit of $30 refuses a $10 deposit in plain words", async () => {
      await tab("Limits").click();
      await page.getByLabel(/Deposit limit per day/).fill("30");
      await page.locator('[data-testid="limits-save"]').click();
      await page.locator(".form__ok", { hasText: "Saved" }).waitFor();
      await tab("Deposit").click();
      await page.locator('[data-testid="deposit-1000"]').click();
      await page.locator('[data-testid="deposit-submit"]').click();
      const error = page.locator('[data-testid="money-error"]');
      await error.waitFor();
      assert.match(
        await error.innerText(),
        /over your daily deposit limit\. You can still deposit \$5\.00/,
      );
      assert.doesNotMatch(await error.innerText(), /Deposit over the daily limit/);
      assert.match(await available.innerText(), /\$25\.00/);
      await page.screenshot({ path: shot("desktop-deposit-limit"), fullPage: true });
    });

    await t.step("raising the limit shows as pending, with when it applies", async () => {
      await tab("Limits").click();
      await page.getByLabel(/Deposit limit per day/).fill("100");
      await page.locator('[data-testid="limits-save"]').click();
      await page.locator('[data-testid="pending-depositDaily"]', { hasText: "Raise to $100.00" })
        .waitFor();
      assert.equal(await page.getByLabel(/Deposit limit per day/).inputValue(), "30");
      await page.screenshot({ path: shot("desktop-limits"), fullPage: true });
    });

    await t.step("a withdrawal is held, one is canceled, staff approve another", async () => {
      await tab("Withdraw").click();
      await page.getByLabel(/Amount to withdraw/).fill("50");
      await page.locator('[data-testid="withdraw-submit"]').click();
      await page.locator('[data-testid="money-error"]', { hasText: "don't have that much" })
        .waitFor();
      await page.getByLabel(/Amount to withdraw/).fill("5");
      await page.locator('[data-testid="withdraw-submit"]').click();
      await page.locator('[data-testid="withdrawal"][data-state="requested"]').waitFor();
      await available.filter({ hasText: "$20.00" }).waitFor();
      await page.locator('[data-testid="withdrawal"]').getByRole("button", { name: "Cancel" })
        .click();
      await page.locator('[data-testid="withdrawal"][data-state="canceled"]').waitFor();
      await available.filter({ hasText: "$25.00" }).waitFor();
      await page.getByLabel(/Amount to withdraw/).fill("10");
      await page.locator('[data-testid="withdraw-submit"]').click();
      await page.locator('[data-testid="withdraw-held"]', { hasText: "$10.00" }).waitFor();
      await page.screenshot({ path: shot("desktop-withdraw"), fullPage: true });
      assert.ok(fake.money.approveWithdrawal(), "staff approve and pay it");
      await page.reload();
      await page.locator('[data-testid="withdrawal"][data-state="paid"]').waitFor();
      assert.equal(await page.locator('[data-testid="withdraw-held"]').count(), 0);
    });

    await t.step("the reality check shows time played and net, and goes away", async () => {
      fake.money.playedMinutes = 31;
      await page.goto(url("/wallet"));
      const banner = page.locator('[data-testid="reality-check"]');
      await banner.waitFor();
      assert.match(await banner.innerText(), /played for 31 min.*net −\$10\.00/s);
      await page.screenshot({ path: shot("desktop-reality-check"), fullPage: true });
      await page.setViewportSize(PHONE);
      await page.screenshot({ path: shot("phone-reality-check"), fullPage: true });
      await banner.getByRole("button", { name: "Keep playing" }).click();
      await banner.waitFor({ state: "detached" });
    });

    await t.step("the phone screens fit 390 px", async () => {
      for (const path of ["/wallet", "/wallet/withdraw", "/wallet/limits"]) {
        await page.goto(url(path));
        await available.filter({ hasText: "$" }).waitFor();
        await page.waitForTimeout(200);
        assert.equal(await noSidewaysScroll(page), 0, `${path} scrolls sideways on a phone`);
        const name = path === "/wallet" ? "deposit" : path.slice("/wallet/".length);
        await page.screenshot({ path: shot(`phone-${name}`), fullPage: true });
      }
    });

    await t.step("self-exclusion asks for the irreversible confirmation first", async () => {
      await page.setViewportSize(DESKTOP);
      await page.goto(url("/wallet/limits"));
      await page.getByRole("button", { name: "Self-exclude…" }).click();
      const exclude = page.getByRole("button", { name: /Exclude me for 6 months/ });
      assert.equal(await exclude.isDisabled(), true);
      await page.evaluate(() => scrollTo(0, 0));
      await page.screenshot({ path: shot("desktop-self-exclusion"), fullPage: true });
      await page.getByRole("button", { name: "Cancel" }).click();
    });

    await t.step("a time-out pauses deposits", async () => {
      await page.locator('input[name="timeOutDays"]').fill("2");
      await page.getByRole("button", { name: "Start time-out" }).click();
      await page.locator('[data-testid="pause-notice"]', { hasText: "time-out" }).waitFor();
      await tab("Deposit").click();
      await page.locator(".notice", { hasText: "Deposits are paused" }).waitFor();
      assert.equal(await page.locator('[data-testid="deposit-submit"]').isDisabled(), true);
      await page.screenshot({ path: shot("desktop-paused"), fullPage: true });
    });

    assert.deepEqual(pageErrors, []);
  },
});
