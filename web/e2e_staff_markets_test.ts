/**
 * Browser test of the console's betting pages in headless Chromium against a
 * real Lanecast (server, SFU, simulator). A session on lane 2 (no simulator,
 * so its markets open at once and nothing else moves them) gets its first
 * ball's markets; a staff member sees them on the lane's page, suspends one,
 * sees the AI's unsure shot in the review queue (with the badge in the tabs)
 * and confirms it, and the ball's markets settle; they dispute one settled
 * market and resolve it with another result. An admin opens a bettor's wallet
 * and ledger from the users page, runs the ledger check and sees it hold.
 * Screenshots at 1366×900 and 390×844 go to `SCREENSHOT_DIR` (default
 * /tmp/lanecast-staff-markets).
 */
import assert from "node:assert/strict";
import { ADMIN, noSidewaysScroll, signIn, startBrowserRun } from "./e2e_helpers.ts";
import { shotReport } from "./e2e_shot_report.ts";
import { signupConfirmed } from "../server/users/signup_client.ts";

const STAFF = { email: "mo@alley.test", password: "staff password 0123", displayName: "Mo" };
const BETTOR = { email: "bea@alley.test", password: "bettor password 0123", displayName: "Bea" };

/** How long to wait for what the server pushes (generous: CI machines can be loaded). */
const PUSHED = 45_000;
const WIDE = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

const login = signIn;

Deno.test({
  name:
    "staff suspend a lane's market, confirm an unsure shot from the review queue; admins check the ledger",
  async fn(t) {
    await using run = await startBrowserRun({
      screenshotDir: "/tmp/lanecast-staff-markets",
      shotPrefix: "staff-markets",
    });
    const { page, pageErrors, shot, system, url } = run;
    page.on("dialog", (dialog) => void dialog.accept());
    await page.setViewportSize(WIDE);

    const call = async (method: string, path: string, body: unknown, token?: string) => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetch(url(path), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      assert.ok(res.status === 200 || res.status === 201, `${path}: ${res.status} ${text}`);
      return JSON.parse(text);
    };
    const { accessToken: admin } = await call("POST", "/api/auth/login", ADMIN);

    await t.step("an admin makes a staff member and opens a session on lane 2", async () => {
      await signupConfirmed(url("/"), STAFF, { token: admin });
      const { users } = await call(
        "GET",
        `/api/users?query=${encodeURIComponent(STAFF.email)}`,
        undefined,
        admin,
      );
      await call("PATCH", `/api/users/${users[0].id}`, { role: "staff" }, admin);
      await call("POST", "/api/lanes/2/sessions", { bowlers: [{ name: "Ada" }] }, admin);
    });

    await t.step("staff see the lane's markets for the first ball and suspend one", async () => {
      await login(page, url("/login?next=/staff/lanes/2"), STAFF);
      await page.waitForURL(url("/staff/lanes/2"));
      const panel = page.locator('section[aria-label="Markets"]');
      const strike = panel.locator('.market[data-kind="strike"]');
      await strike.locator('[data-testid="market-state"]', { hasText: "open" }).waitFor({
        timeout: PUSHED,
      });
      await panel.locator('.live-dot[data-status="open"]').waitFor({ timeout: PUSHED });
      assert.match(await strike.innerText(), /Ada · frame 1, ball 1/);
      assert.equal(await panel.locator('.market[data-kind="pins-over-under"]').count(), 1);
      await page.screenshot({ path: shot("lane"), fullPage: true });

      await strike.getByRole("button", { name: "Suspend" }).click();
      await strike.locator('[data-testid="market-state"]', { hasText: "suspended" }).waitFor();
      assert.equal(await strike.getByRole("button", { name: "Suspend" }).count(), 0);
      const suspended = await call(
        "GET",
        "/api/markets?laneId=2&state=suspended",
        undefined,
        admin,
      );
      assert.deepEqual(suspended.markets.map((m: { kind: string }) => m.kind), ["strike"]);
    });

    await t.step("an unsure shot waits in the review queue, with a badge on its tab", async () => {
      await call(
        "POST",
        "/api/inference/lanes/2/shots",
        shotReport("e2e-review-0001", { standing: 0b10_0000_0000, pinConfidence: 0.6, mph: 16.4 }),
        system.inferenceKey,
      );
      // The lane's page follows its markets live: both wait for review now.
      const panel = page.locator('section[aria-label="Markets"]');
      await panel.locator(".market__note", { hasText: "review queue" }).first().waitFor({
        timeout: PUSHED,
      });
      await page.locator('[data-testid="review-count"]', { hasText: "1" }).waitFor({
        timeout: PUSHED,
      });
      await page.getByRole("link", { name: /Reviews/ }).click();
      const card = page.locator('.review[data-shot="e2e-review-0001"]');
      await card.waitFor();
      assert.match(await card.locator('[data-testid="review-proposed"]').innerText(), /9 pins/);
      assert.match(await card.innerText(), /e2e-pins/);
      assert.equal(await card.locator(".review__markets li").count(), 2);
      await card.locator('[data-testid="lane-path-line"]').waitFor();
      await page.waitForTimeout(1200); // let the path finish drawing
      await page.screenshot({ path: shot("reviews"), fullPage: true });

      await page.setViewportSize(PHONE);
      await page.waitForTimeout(300);
      assert.equal(await noSidewaysScroll(page), 0, "the review queue scrolls sideways");
      await page.screenshot({ path: shot("reviews-phone"), fullPage: true });
      await page.setViewportSize(WIDE);
    });

    await t.step("staff confirm the AI's reading and the ball's markets settle", async () => {
      const card = page.locator('.review[data-shot="e2e-review-0001"]');
      await card.getByRole("button", { name: /Confirm: 9 pins/ }).click();
      await card.waitFor({ state: "detached" });
      await page.locator('[data-testid="reviews-none"]').waitFor();
      assert.equal(await page.locator('[data-testid="review-count"]').count(), 0);

      await page.goto(url("/staff/lanes/2"));
      const strike = page.locator('.market[data-kind="strike"]').filter({ hasText: "frame 1" });
      await strike.locator('[data-testid="market-state"]', { hasText: /determined|finalized/ })
        .waitFor({ timeout: PUSHED });
      assert.match(await strike.locator('[data-testid="market-result"]').innerText(), /^No/);
      // The next ball (a spare chance on the 10 pin) has its market open already.
      await page.locator('.market[data-kind="spare"]', { hasText: "frame 1, ball 2" })
        .locator('[data-testid="market-state"]', { hasText: "open" })
        .waitFor({ timeout: PUSHED });
      await page.screenshot({ path: shot("lane-settled"), fullPage: true });

      await page.setViewportSize(PHONE);
      await page.waitForTimeout(300);
      assert.equal(await noSidewaysScroll(page), 0, "the lane page scrolls sideways");
      await page.screenshot({ path: shot("lane-phone"), fullPage: true });
      await page.setViewportSize(WIDE);
    });

    await t.step("staff dispute a settled market with a reason and resolve it", async () => {
      const pins = page.locator('.market[data-kind="pins-over-under"]').filter({
        hasText: "frame 1, ball 1",
      });
      const state = pins.locator('[data-testid="market-state"]');
      await pins.getByRole("button", { name: "Dispute" }).click();
      const dispute = pins.locator('form[aria-label="Dispute market"]');
      const send = dispute.getByRole("button", { name: "Dispute market" });
      assert.equal(await send.isDisabled(), true, "no reason yet");
      await dispute.locator('input[name="reason"]').fill("The 10 may have fallen late");
      await send.click();
      await state.filter({ hasText: "disputed" }).waitFor();

      await pins.getByRole("button", { name: "Resolve" }).click();
      const resolve = pins.locator('form[aria-label="Resolve market"]');
      await resolve.getByLabel(/^Under/).check();
      await resolve.locator('input[name="reason"]').fill("Video shows the 10 stood: 9 pins");
      await page.evaluate(() => scrollTo(0, 0)); // the sticky header stays on top in the shot
      await page.screenshot({ path: shot("lane-resolve"), fullPage: true });
      await resolve.getByRole("button", { name: "Resolve market" }).click();
      await resolve.waitFor({ state: "detached" });
      await state.filter({ hasText: "determined" }).waitFor({ timeout: PUSHED });
      assert.match(await pins.locator('[data-testid="market-result"]').innerText(), /^Under/);

      // Every lane's markets, filtered by state, on the Markets page.
      await page.getByRole("link", { name: "Markets", exact: true }).click();
      await page.locator('select[name="state"]').selectOption("determined");
      const determined = page.locator('.market[data-state="determined"]');
      await determined.first().waitFor();
      assert.equal(await page.locator('.market:not([data-state="determined"])').count(), 0);
      const kinds = await determined.evaluateAll((els) => els.map((e) => e.dataset.kind).sort());
      assert.deepEqual(kinds, ["pins-over-under", "strike"]);
      assert.equal(await determined.first().getByRole("link", { name: "Lane 2" }).count(), 1);
    });

    await t.step("an admin opens a bettor's wallet and ledger from the users page", async () => {
      await signupConfirmed(url("/"), BETTOR, { token: admin });
      const { accessToken: bettor } = await call("POST", "/api/auth/login", {
        email: BETTOR.email,
        password: BETTOR.password,
      });
      await call(
        "POST",
        "/api/me/betting",
        { dateOfBirth: "1990-05-01", acceptTerms: true },
        bettor,
      );
      await call("POST", "/api/wallet/deposits", { amount: 2500, provider: "sandbox" }, bettor);

      await page.getByRole("button", { name: "Sign out" }).click();
      await login(page, url("/login?next=/staff/users"), ADMIN);
      await page.waitForURL(url("/staff/users"));
      const row = page.locator(`tr[data-email="${BETTOR.email}"]`);
      await row.getByRole("link", { name: "Wallet and ledger" }).click();
      await page.waitForURL(/\/staff\/users\/[0-9a-f-]{36}\/ledger$/);
      const wallet = page.locator('[data-testid="wallet"]');
      await wallet.waitFor();
      assert.match(await wallet.innerText(), /Available\s+\$25\.00/);
      const deposit = page.locator('.ledger tbody tr[data-kind="deposit"]');
      assert.equal(await deposit.count(), 1);
      assert.match(await deposit.innerText(), /\+\$25\.00/);
      assert.match(await page.locator(".page-head").innerText(), /Demo money/);
      await page.screenshot({ path: shot("bettor-ledger"), fullPage: true });
    });

    await t.step("an admin runs the ledger check and it holds", async () => {
      await page.getByRole("link", { name: "Ledger", exact: true }).click();
      await page.waitForURL(url("/staff/ledger"));
      await page.getByRole("button", { name: "Run the ledger check" }).click();
      const result = page.locator('[data-testid="ledger-check"]');
      await result.waitFor();
      assert.equal(await result.getAttribute("data-ok"), "true", await result.innerText());
      assert.match(await result.innerText(), /Every balance adds up/);
      await page.screenshot({ path: shot("ledger"), fullPage: true });
    });

    assert.deepEqual(pageErrors, []);
  },
});
