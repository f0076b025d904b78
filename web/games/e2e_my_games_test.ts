/**
 * My games in a real browser against a real Lanecast: a bowler signs in,
 * checks in on lane 2 with the lane's code (linking the game to their
 * account), bowls a few balls (the AI's shots and staff's), then finds the
 * game in My games with its total, charts of their speed, board at the arrows
 * and entry angle with one dot per tracked ball, strike rate by frame, and the
 * game's sheet. At 1440×900 and 390×844: no axe-core violations, no sideways
 * scroll. Screenshots go to `SCREENSHOT_DIR` (default /tmp/shots-games).
 * Needs `web/dist` (`./lanecast deno task build:web`).
 */
import assert from "node:assert/strict";
import {
  ADMIN,
  axeViolations,
  jsonCaller,
  noSidewaysScroll,
  signIn,
  startBrowserRun,
} from "../e2e_helpers.ts";
import { shotReport } from "../e2e_shot_report.ts";
import { signupConfirmed } from "../../server/users/signup_client.ts";

const BOWLER = {
  email: "ann.games@alley.test",
  password: "bowler password 0123",
  displayName: "Ann",
};
const SIZES = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
];

Deno.test({
  name: "a checked-in bowler sees their game, its sheet and their shot charts in My games",
  async fn(t) {
    await using run = await startBrowserRun({
      screenshotDir: "/tmp/shots-games",
      shotPrefix: "games",
    });
    const { page, pageErrors, shot, url, system } = run;
    const call = jsonCaller(url);
    const admin = await call("/api/auth/login", { body: ADMIN });
    // Sign-up is by mailed link: the one helper signs up and follows it.
    await signupConfirmed(url("/"), BOWLER, ADMIN);
    const session = await call("/api/lanes/2/sessions", {
      token: admin.accessToken,
      body: { bowlers: [{ name: "Cy" }] },
    });
    const { code } = await call(`/api/sessions/${session.id}/check-in-code`, {
      token: admin.accessToken,
    });

    await t.step("the bowler checks in on the lane with its code", async () => {
      const next = encodeURIComponent(`/lanes/2/check-in?code=${code}`);
      await signIn(page, url(`/login?next=${next}`), BOWLER);
      await page.getByRole("button", { name: /Check in as Ann/ }).click();
      await page.locator(".checkin__done").waitFor({ timeout: 15_000 });
      await page.locator('.checkin__done a[href="/me/games"]').waitFor();
      await page.screenshot({ path: shot("checked-in") });
    });

    /** Waits until the session's sheet holds `n` balls in all. */
    const ballsOnSheet = async (n: number) => {
      for (let i = 0; i < 100; i++) {
        const sheet = await call(`/api/sessions/${session.id}`);
        const count = sheet.bowlers.flatMap((b: { frames: { balls: unknown[] }[] }) =>
          b.frames.flatMap((f) =>
            f.balls
          )
        ).length;
        if (count >= n) return;
        await new Promise((r) => setTimeout(r, 150));
      }
      throw new Error(`The sheet never reached ${n} balls`);
    };
    const staffBall = async (pinsStanding: number[], n: number) => {
      await call(`/api/sessions/${session.id}/balls`, {
        token: admin.accessToken,
        body: { pinsStanding },
      });
      await ballsOnSheet(n);
    };
    const aiBall = async (id: string, standing: number, mph: number, n: number) => {
      await call("/api/inference/lanes/2/shots", {
        key: system.inferenceKey,
        body: shotReport(id, { standing, pinConfidence: 0.995, mph }),
      });
      await ballsOnSheet(n);
    };

    await t.step("Cy and Ann bowl three frames, Ann's first balls read by the AI", async () => {
      await staffBall([], 1); // Cy X
      await aiBall("games-shot-1", 0, 17.3, 2); // Ann X
      await staffBall([], 3); // Cy X
      await aiBall("games-shot-2", 0b1001000000, 16.1, 4); // Ann 8, leaving the 7-10
      await staffBall([], 5); // Ann /
      await staffBall([], 6); // Cy X
      await aiBall("games-shot-3", 0, 18.4, 7); // Ann X
    });

    for (const size of SIZES) {
      await t.step(`My games at ${size.width}×${size.height}`, async () => {
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.goto(url("/me/games"));
        const row = page.locator(`.game-row[data-game="${session.id}"]`);
        await row.waitFor({ timeout: 15_000 });
        assert.equal(await row.locator(".game-row__total").innerText(), "40");
        assert.match(await row.innerText(), /3 frames · 2 strikes · 1 spare/);
        for (const chart of ["speed", "arrows", "entry-angle"]) {
          const dots = page.locator(`[data-chart="${chart}"] .chart__dot`);
          await dots.nth(2).waitFor({ timeout: 15_000 });
          assert.equal(await dots.count(), 3, `${chart}: a dot per tracked ball`);
        }
        assert.match(
          await page.locator('[data-chart="speed"] figcaption').innerText(),
          /^3 balls on .*: lowest 16\.1 mph, highest 18\.4 mph, average 17\.3 mph, latest 18\.4 mph\.$/,
        );
        assert.equal(
          await page.locator('[data-chart="speed"] svg').getAttribute("aria-labelledby"),
          "speed-heading speed-summary",
        );
        assert.equal(await page.locator('[data-chart="strike-rate"] .chart__bar').count(), 3);
        assert.match(
          await page.locator('[data-chart="strike-rate"] figcaption').innerText(),
          /Strikes on 2 of 3 first balls \(67%\)/,
        );
        await page.waitForTimeout(300);
        await page.screenshot({ path: shot(`${size.name}-list`), fullPage: true });
        assert.deepEqual(await axeViolations(page), []);
        assert.equal(await noSidewaysScroll(page), 0);

        await row.locator("a").click();
        await page.waitForURL(`**/me/games/${session.id}`);
        const mine = page.locator('tr[data-bowler="Ann"]');
        await mine.waitFor({ timeout: 15_000 });
        assert.match(
          await page.locator('[data-testid="my-total"]').innerText(),
          /You bowled as Ann: 40 so far/,
        );
        assert.equal(
          await page.locator(".sheet tbody tr").first().getAttribute("data-bowler"),
          "Ann",
        );
        await page.locator(".game-shots tbody tr").nth(2).waitFor({ timeout: 15_000 });
        assert.deepEqual(
          await page.locator(".game-shots tbody tr td:nth-child(3)").allInnerTexts(),
          ["17.3 mph", "16.1 mph", "18.4 mph"],
        );
        await page.waitForTimeout(300);
        await page.screenshot({ path: shot(`${size.name}-game`), fullPage: true });
        // On a phone the sheet shows all ten frames and the total, as on the lane page.
        const fits = await page.locator(".sheet-wrap").evaluate((w: HTMLElement) =>
          w.scrollWidth <= w.clientWidth + 1
        );
        assert.ok(fits, `the sheet scrolls sideways at ${size.width} px`);
        assert.deepEqual(await axeViolations(page), []);
        assert.equal(await noSidewaysScroll(page), 0);
      });
    }

    await t.step("signed out, My games asks to sign in", async () => {
      await page.evaluate(() => localStorage.clear());
      await page.context().clearCookies();
      await page.goto(url("/me/games"));
      await page.getByRole("link", { name: "Sign in" }).last().waitFor({ timeout: 15_000 });
      assert.equal(await page.locator(".game-row").count(), 0);
      assert.equal(await noSidewaysScroll(page), 0);
    });
    assert.deepEqual(pageErrors, []);
  },
  sanitizeOps: false,
  sanitizeResources: false,
});
