/**
 * Browser test of accounts in headless Chromium against a real Lanecast: at
 * 1440×900 and 390×844 a visitor signs up from the header (the phone through
 * its menu), sees each field's problem in plain words, gets "check your
 * email", follows the mailed link (read from the admins' held mail), lands
 * on their account page signed in, renames themselves and signs out
 * everywhere. A sign-up with a taken email shows the very same answer. An
 * admin reads the mail in the console. Every page: no axe violations, no
 * sideways scroll. Screenshots go to `SCREENSHOT_DIR` (default /tmp/shots-c).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { mailedSignupToken } from "../../server/users/signup_client.ts";
import { ADMIN, axeViolations, noSidewaysScroll, signIn, startBrowserRun } from "../e2e_helpers.ts";

const SIZES = [
  { name: "desktop", viewport: { width: 1440, height: 900 }, phone: false },
  { name: "phone", viewport: { width: 390, height: 844 }, phone: true },
];

/** axe finds nothing (in `exclude`, markup this test does not own) and nothing scrolls sideways. */
async function checkPage(page: Page, what: string, exclude: string[] = []) {
  assert.deepEqual(await axeViolations(page, exclude), [], `${what}: axe`);
  assert.equal(await noSidewaysScroll(page), 0, `${what}: sideways scroll`);
}

async function openHeaderLink(page: Page, phone: boolean, name: string) {
  if (phone) {
    const menu = page.locator(".site-menu-button");
    const box = await menu.boundingBox();
    assert.ok(box && box.height >= 44 && box.width >= 44, `menu button is ${JSON.stringify(box)}`);
    await menu.click();
    assert.equal(await menu.getAttribute("aria-expanded"), "true");
    const link = page.locator("#site-menu").getByRole("link", { name });
    const linkBox = await link.boundingBox();
    assert.ok(linkBox && linkBox.height >= 44, `"${name}" is ${JSON.stringify(linkBox)}`);
    await link.click();
  } else {
    await page.locator("#site-menu").getByRole("link", { name }).click();
  }
}

Deno.test({
  name:
    "a visitor signs up from the header, confirms by mail and runs their account, on desktop and phone",
  async fn(t) {
    await using run = await startBrowserRun({
      screenshotDir: "/tmp/shots-c",
      shotPrefix: "accounts",
    });
    const { page, pageErrors, shot, url } = run;

    for (const size of SIZES) {
      const email = `${size.name}@visitor.test`;
      await page.setViewportSize(size.viewport);

      await t.step(
        `${size.name}: the header's sign-up form names each field's problem`,
        async () => {
          await page.goto(url("/"));
          await page.locator(".site-header").waitFor();
          await page.screenshot({ path: shot(`${size.name}-header`) });
          if (size.phone) {
            await page.getByRole("button", { name: "Menu" }).click();
            await page.locator('#site-menu[data-open="true"]').waitFor();
            // The lane grid under the menu is part B's page.
            await checkPage(page, "open menu", [".main"]);
            await page.screenshot({ path: shot(`${size.name}-menu`) });
            await page.getByRole("button", { name: "Close" }).click();
          }
          await openHeaderLink(page, size.phone, "Sign up");
          await page.waitForURL(url("/signup"));
          await page.locator('input[name="password"]').fill("short");
          await page.getByRole("button", { name: "Create account" }).click();
          const errors = page.locator("[data-field-error]");
          await errors.first().waitFor();
          assert.deepEqual(await errors.allInnerTexts(), [
            "Enter your name (up to 80 characters)",
            "Enter an email address like name@example.com",
            "Use 10 to 200 characters",
          ]);
          await checkPage(page, "sign-up with errors");
          await page.screenshot({ path: shot(`${size.name}-signup-errors`), fullPage: true });
        },
      );

      await t.step(`${size.name}: sending says to check the inbox`, async () => {
        await page.locator('input[name="displayName"]').fill(`Vi ${size.name}`);
        await page.locator('input[name="email"]').fill(email);
        await page.locator('input[name="password"]').fill("visitor password 0123");
        await page.getByRole("button", { name: "Create account" }).click();
        await page.locator('[data-testid="check-email"]').waitFor();
        assert.match(
          await page.locator('[data-testid="check-email"]').innerText(),
          /Check your email/,
        );
        await checkPage(page, "check your email");
        await page.screenshot({ path: shot(`${size.name}-check-email`), fullPage: true });
      });

      await t.step(
        `${size.name}: the mailed link signs them in on their account page`,
        async () => {
          const token = await mailedSignupToken(url("/"), email, ADMIN);
          await page.goto(url(`/signup/confirm#token=${token}`));
          await page.waitForURL(url("/account"));
          await page.getByRole("heading", { name: "Your account" }).waitFor();
          assert.match(await page.locator(".account-page").innerText(), new RegExp(email));
          await page.getByRole("link", { name: "My games" }).waitFor();
          await checkPage(page, "account");
          await page.screenshot({ path: shot(`${size.name}-account`), fullPage: true });
        },
      );

      await t.step(
        `${size.name}: they rename themselves; a wrong password is named next to it`,
        async () => {
          const name = page.locator('input[name="displayName"]');
          await name.fill(`Violet ${size.name}`);
          await page.getByRole("button", { name: "Save name" }).click();
          await page.locator(".account-saved", { hasText: "Saved" }).waitFor();
          await page.locator('input[name="currentPassword"]').fill("not my password 0");
          await page.locator('input[name="newPassword"]').fill("a new password 0123");
          await page.getByRole("button", { name: "Change password" }).click();
          await page.locator('[data-field-error="currentPassword"]', {
            hasText: "That is not your current password",
          }).waitFor();
          await checkPage(page, "account with an error");
          await page.screenshot({ path: shot(`${size.name}-account-errors`), fullPage: true });
        },
      );

      await t.step(`${size.name}: sign out everywhere signs this browser out too`, async () => {
        await page.getByRole("button", { name: "Sign out everywhere" }).click();
        await page.waitForURL(url("/"));
        if (size.phone) await page.getByRole("button", { name: "Menu" }).click();
        await page.locator("#site-menu").getByRole("link", { name: "Sign in" }).waitFor();
        await page.goto(url("/account"));
        await page.getByRole("heading", { name: "Your account" }).waitFor();
        await page.getByText("Sign in to see your account.").waitFor();
      });

      await t.step(`${size.name}: a taken email gets the very same answer`, async () => {
        await page.goto(url("/signup"));
        await page.locator('input[name="displayName"]').fill("Someone");
        await page.locator('input[name="email"]').fill(email.toUpperCase());
        await page.locator('input[name="password"]').fill("another password 0123");
        await page.getByRole("button", { name: "Create account" }).click();
        await page.locator('[data-testid="check-email"]').waitFor();
      });
    }

    await t.step("an admin reads the mail in the console", async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await signIn(page, url("/login?next=/staff/mail"), ADMIN);
      await page.waitForURL(url("/staff/mail"));
      const notice = page.locator('.mail-card[data-kind="signup_taken"]').first();
      await notice.waitFor();
      assert.match(await notice.innerText(), /PHONE@VISITOR\.TEST/);
      assert.ok(await page.locator('.mail-card[data-kind="signup_confirm"]').count() >= 2);
      await checkPage(page, "mail page");
      await page.screenshot({ path: shot("phone-staff-mail"), fullPage: true });
    });

    assert.deepEqual(pageErrors, []);
  },
});
