/**
 * Browser test of the money screens in headless Chromium against a real
 * Lanecast: a bettor deposits demo money through the sandbox provider (the
 * DEMO MONEY notice shows), sees it in the history and downloads it as CSV,
 * sets a daily deposit limit and is refused in plain words when a deposit
 * would go over it, requests a withdrawal (held at once), and staff approve
 * it; staff see the payments and disputes lists and the SMS outbox. On a
 * desktop (1440×900) and a phone (390×844), with no sideways scroll and
 * touch targets of at least 44 px. Staff approve the withdrawal in the
 * console's withdrawals panel (`/staff/withdrawals`: the limits part's
 * WithdrawalsPanel mounted in web/staff/money_pages.tsx's WithdrawalsPage). Screenshots go to `SCREENSHOT_DIR`
 * (default /tmp/moneyweb). Needs `web/dist` (`./lanecast deno task build:web`).
 *
 * The steps that need the limits, withdrawals and staff payments routes
 * (issue 15's other parts) run only where the server has them: an
 * unauthenticated probe answers 401 for a route that exists, 404 otherwise.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { ADMIN, jsonCaller, noSidewaysScroll, signIn, startBrowserRun } from "./e2e_helpers.ts";
import { signupConfirmed } from "../server/users/signup_client.ts";

const BETTOR = { email: "cash@alley.test", password: "bettor password 0123", displayName: "Cash" };
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Visible buttons, links, inputs and selects smaller than 44 px in either direction. */
async function smallTargets(page: Page): Promise<string[]> {
  return await page.evaluate(() => {
    const small: string[] = [];
    const all = document.querySelectorAll<HTMLElement>(
      ".money-page button, .money-page a.button, .money-page .money-tabs__tab, .money-page input:not([type=checkbox]):not([type=radio]), .money-page select, .money-page .money-provider",
    );
    for (const el of all) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.height < 44 || r.width < 44) {
        small.push(`${el.tagName} "${el.textContent?.trim().slice(0, 20)}" ${r.width}×${r.height}`);
      }
    }
    return small;
  });
}

Deno.test({
  name:
    "a bettor deposits demo money, hits a deposit limit, withdraws; staff approve (real server)",
  async fn(t) {
    await using run = await startBrowserRun({
      screenshotDir: "/tmp/moneyweb",
      shotPrefix: "money",
    });
    const { page, pageErrors, shot, url } = run;
    const call = jsonCaller(url);
    const exists = async (path: string) => {
      const res = await fetch(url(path));
      await res.body?.cancel();
      return res.status !== 404;
    };
    const hasLimits = await exists("/api/me/limits");
    const hasWithdrawals = await exists("/api/wallet/withdrawals");
    const hasStaffPayments = await exists("/api/staff/payments");
    await page.setViewportSize(DESKTOP);

    const { accessToken } = await signupConfirmed(url("/"), BETTOR, ADMIN);
    await call("/api/me/betting", {
      token: accessToken,
      body: { dateOfBirth: "1990-05-01", acceptTerms: true },
    });

    await t.step("the config names the sandbox as the only provider, demo money", async () => {
      const config = await call("/api/payments/config");
      assert.deepEqual(config.providers, ["sandbox"]);
      assert.equal(config.demo, true);
      assert.equal(config.stripePublishableKey, null);
    });

    await t.step("a sandbox deposit of a preset lands, with the DEMO MONEY notice", async () => {
      await signIn(page, url("/login?next=/wallet"), BETTOR);
      await page.waitForURL(url("/wallet"));
      await page.locator('[data-testid="demo-notice"]', { hasText: "DEMO MONEY" }).waitFor();
      await page.locator('[data-testid="deposit-2500"]').click();
      assert.equal(await page.locator('input[name="depositAmount"]').inputValue(), "25");
      await page.screenshot({ path: shot("desktop-deposit"), fullPage: true });
      await page.locator('[data-testid="deposit-submit"]').click();
      await page.locator('[data-testid="deposit-done"]', { hasText: "$25.00" }).waitFor();
      await page.locator('[data-testid="wallet-available"]', { hasText: "$25.00" }).waitFor();
      await page.locator(".tx", { hasText: "+$25.00" }).waitFor();
      assert.match(await page.locator('[data-testid="header-balance"]').innerText(), /\$25\.00/);
      await page.screenshot({ path: shot("desktop-deposited"), fullPage: true });
    });

    await t.step("a typed amount is deposited too; the history downloads as CSV", async () => {
      await page.getByLabel(/Other amount/).fill("7.50");
      await page.getByRole("button", { name: "Deposit $7.50" }).click();
      await page.locator('[data-testid="wallet-available"]', { hasText: "$32.50" }).waitFor();
      await page.locator(".money-tabs").getByRole("link", { name: "History" }).click();
      await page.waitForURL(url("/wallet/history"));
      await page.locator(".tx", { hasText: "+$7.50" }).waitFor();
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.locator('[data-testid="download-csv"]').click(),
      ]);
      assert.match(download.suggestedFilename(), /^lanecast-transactions-.*\.csv$/);
      const csv = await Deno.readTextFile((await download.path())!);
      const lines = csv.trim().split("\r\n");
      assert.equal(lines[0], "date,kind,description,amount,currency,state,demo,id");
      assert.equal(lines.length, 3);
      assert.match(lines[1], /,deposit,.*,7\.50,USD,posted,true,/);
      assert.match(lines[2], /,25\.00,/);
      await page.screenshot({ path: shot("desktop-history"), fullPage: true });
    });

    await t.step({
      name: "a daily deposit limit is set, and a deposit over it is refused in plain words",
      ignore: !hasLimits,
      fn: async () => {
        await page.locator(".money-tabs").getByRole("link", { name: "Limits" }).click();
        await page.waitForURL(url("/wallet/limits"));
        await page.getByLabel(/Deposit limit per day/).fill("40");
        await page.locator('[data-testid="limits-save"]').click();
        await page.locator(".form__ok", { hasText: "Saved" }).waitFor();
        await page.screenshot({ path: shot("desktop-limits"), fullPage: true });
        await page.locator(".money-tabs").getByRole("link", { name: "Deposit" }).click();
        await page.locator('[data-testid="deposit-2500"]').click();
        await page.locator('[data-testid="deposit-submit"]').click();
        await page.locator('[data-testid="money-error"]', {
          hasText: "over your daily deposit limit",
        })
          .waitFor();
        await page.locator('[data-testid="wallet-available"]', { hasText: "$32.50" }).waitFor();
        await page.screenshot({ path: shot("desktop-deposit-limit"), fullPage: true });
      },
    });

    await t.step({
      name: "a withdrawal is requested and held",
      ignore: !hasWithdrawals,
      fn: async () => {
        await page.locator(".money-tabs").getByRole("link", { name: "Withdraw" }).click();
        await page.waitForURL(url("/wallet/withdraw"));
        await page.getByLabel(/Amount to withdraw/).fill("10");
        await page.locator('[data-testid="withdraw-submit"]').click();
        await page.locator('[data-testid="withdrawal"][data-state="requested"]').waitFor();
        await page.locator('[data-testid="withdraw-held"]', { hasText: "$10.00" }).waitFor();
        await page.locator('[data-testid="wallet-available"]', { hasText: "$22.50" }).waitFor();
        await page.screenshot({ path: shot("desktop-withdraw"), fullPage: true });
      },
    });

    await t.step("the phone layout fits 390 px with 44 px touch targets", async () => {
      await page.setViewportSize(PHONE);
      for (const path of ["/wallet", "/wallet/withdraw", "/wallet/limits", "/wallet/history"]) {
        await page.goto(url(path));
        await page.locator('[data-testid="wallet-available"]', { hasText: "$" }).waitFor();
        await page.waitForTimeout(300);
        assert.equal(await noSidewaysScroll(page), 0, `${path} scrolls sideways on a phone`);
        assert.deepEqual(await smallTargets(page), [], `${path}: small touch targets`);
        const name = path === "/wallet" ? "deposit" : path.slice("/wallet/".length);
        await page.screenshot({ path: shot(`phone-${name}`), fullPage: true });
      }
      await page.setViewportSize(DESKTOP);
      for (const path of ["/wallet", "/wallet/limits"]) {
        await page.goto(url(path));
        await page.locator('[data-testid="wallet-available"]', { hasText: "$" }).waitFor();
        assert.equal(await noSidewaysScroll(page), 0, `${path} scrolls sideways on a desktop`);
        assert.deepEqual(await smallTargets(page), [], `${path}: small targets`);
      }
    });

    await t.step("the deposit form is reachable by keyboard alone", async () => {
      await page.goto(url("/wallet"));
      await page.locator('[data-testid="deposit-500"]').focus();
      await page.keyboard.press("Enter");
      assert.equal(await page.locator('input[name="depositAmount"]').inputValue(), "5");
      for (let i = 0; i < 12; i++) {
        const submit = await page.evaluate(() =>
          document.activeElement?.getAttribute("data-testid") === "deposit-submit"
        );
        if (submit) break;
        await page.keyboard.press("Tab");
      }
      assert.equal(
        await page.evaluate(() => document.activeElement?.getAttribute("data-testid")),
        "deposit-submit",
      );
    });

    await t.step("the bettor signs out", async () => {
      await page.goto(url("/"));
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("link", { name: "Sign in" }).waitFor();
    });

    await t.step({
      name: "staff approve the withdrawal in the console's withdrawals panel",
      ignore: !hasWithdrawals,
      fn: async () => {
        await signIn(page, url("/login?next=/staff/withdrawals"), ADMIN);
        await page.waitForURL(url("/staff/withdrawals"));
        const row = page.locator('tr[data-state="requested"]', { hasText: "$10.00" });
        await row.getByRole("button", { name: "Approve" }).click();
        await page.locator('tr[data-state="requested"]', { hasText: "$10.00" }).waitFor({
          state: "detached",
        });
        await page.screenshot({ path: shot("desktop-staff-withdrawals"), fullPage: true });
        const mine = await call("/api/wallet/withdrawals", { token: accessToken });
        const w = (mine.items ?? mine)[0];
        assert.notEqual(w.state, "requested", "the bettor's withdrawal is decided");
        await page.goto(url("/"));
        await page.getByRole("button", { name: "Sign out" }).click();
        await page.getByRole("link", { name: "Sign in" }).waitFor();
      },
    });

    await t.step("staff see payments, disputes and the SMS outbox", async () => {
      await signIn(page, url("/login?next=/staff/payments"), ADMIN);
      await page.waitForURL(url("/staff/payments"));
      if (hasStaffPayments) {
        await page.locator('[data-testid="payment-row"]').first().waitFor();
      } else {
        await page.locator('[data-testid="payments-unavailable"]').waitFor();
      }
      await page.screenshot({ path: shot("desktop-staff-payments"), fullPage: true });
      await page.locator(".staff-tabs").getByRole("link", { name: "Money" }).waitFor();
      await page.goto(url("/staff/disputes"));
      await page.locator(".page-head__title", { hasText: "Disputes" }).waitFor();
      await page.screenshot({ path: shot("desktop-staff-disputes"), fullPage: true });
      await page.goto(url("/staff/texts"));
      await page.locator(".page-head__title", { hasText: "Texts" }).waitFor();
      await page.setViewportSize(PHONE);
      await page.goto(url("/staff/payments"));
      await page.locator(".page-head__title", { hasText: "Payments" }).waitFor();
      assert.equal(await noSidewaysScroll(page), 0, "staff payments scroll sideways on a phone");
      await page.screenshot({ path: shot("phone-staff-payments"), fullPage: true });
    });

    assert.deepEqual(pageErrors, []);
  },
});
