/**
 * The lane grid people choose a lane from (issue 16, part 2), in headless
 * Chromium at 1440×900 and 390×844 against a real Lanecast: live lanes first
 * with their picture, bowlers, frame, scores, the last ball ("Strike, 17.2
 * mph") and how many watch; offline lanes after them; a hidden test lane
 * nowhere (its page not found); tiles that follow a game without a reload;
 * touch targets of 44 px on the grid and the lane page; no accessibility
 * violations (axe-core, WCAG 2.x A/AA) and no sideways scroll; and the
 * console's switch that hides a lane. Screenshots go to `SCREENSHOT_DIR`
 * (default /tmp/shots-grid). Needs `web/dist` (`./lanecast deno task build:web`).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { testShotReport } from "../server/shots/test_report.ts";
import {
  ADMIN,
  axeViolations,
  jsonCaller,
  noSidewaysScroll,
  signIn,
  startBrowserRun,
} from "./e2e_helpers.ts";

const SIZES = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } };
/** The site header is another helper's (issue 16 part C): its own test checks it. */
const NOT_OURS = ["header.site-header"];

/** Controls in `scope` smaller than 44 px in either direction (inline text links aside). */
async function smallTargets(page: Page, scope: string): Promise<string[]> {
  return await page.evaluate((scope) => {
    const out: string[] = [];
    const selector = "button, input, select, a.button, a.back-link, a.lane-tile__link";
    for (const el of document.querySelectorAll<HTMLElement>(`${scope} :is(${selector})`)) {
      if (el.closest(".sheet-card")) continue;
      // A tile's link is stretched over the whole tile (its ::after).
      const r = (el.closest(".lane-tile") ?? el).getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue; // not shown
      if (r.height < 44 || r.width < 44) {
        out.push(
          `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} ${r.width}×${r.height}`,
        );
      }
    }
    return out;
  }, scope);
}

Deno.test({
  name: "the lane grid: live lanes first with their game, offline quieter, hidden lanes absent",
  async fn(t) {
    await using run = await startBrowserRun({
      screenshotDir: "/tmp/shots-grid",
      shotPrefix: "grid",
    });
    const { page, pageErrors, shot, url, system } = run;
    const call = jsonCaller(url);
    const admin = await call("/api/auth/login", { body: ADMIN });
    const token = admin.accessToken;
    await call("/api/lanes", {
      token,
      body: { id: "3", name: "Test lane", sourceKind: "whip", hidden: true },
    });
    const live = await call("/api/lanes/1/sessions", {
      token,
      body: { bowlers: [{ name: "Ada Lovelace" }, { name: "Ben" }] },
    });
    await call(`/api/sessions/${live.id}/balls`, { token, body: { pinsStanding: [4, 7] } });
    await call(`/api/sessions/${live.id}/balls`, { token, body: { pinsStanding: [4, 7] } });
    // Ben's ball as the AI reads it: it leaves the 10 pin, at 17.2 mph.
    await call("/api/inference/lanes/1/shots", {
      key: system.inferenceKey,
      body: testShotReport("e2e-grid-shot-1"),
    });
    const offline = await call("/api/lanes/2/sessions", {
      token,
      body: { bowlers: [{ name: "Tess" }] },
    });

    const tiles = page.locator(".lane-tile");
    const tile = (name: string) => tiles.filter({ has: page.getByRole("heading", { name }) });

    for (const [size, viewport] of Object.entries(SIZES)) {
      await t.step(`${size}: live lanes first, with their game and viewers`, async () => {
        await page.setViewportSize(viewport);
        await page.goto(url("/"));
        await tile("Lane 1").and(page.locator('[data-live="true"]')).waitFor({ timeout: 30_000 });
        await tile("Lane 1").getByText("Leave 10, 17.2 mph").waitFor({ timeout: 15_000 });
        await tile("Lane 1").locator(".lane-tile__viewers").waitFor({ timeout: 15_000 });
        assert.deepEqual(await tiles.locator(".lane-card__name").allTextContents(), [
          "Lane 1",
          "Lane 2",
        ]);
        const lane1 = tile("Lane 1");
        assert.match(await lane1.locator(".lane-card__meta").innerText(), /Game, frame 1/);
        const bowlers = lane1.locator(".lane-tile__bowler");
        assert.deepEqual(await bowlers.locator(".lane-tile__total").allTextContents(), ["8", "0"]);
        assert.deepEqual(await bowlers.evaluateAll((els) => els.map((el) => el.dataset.up)), [
          "false",
          "true",
        ]);
        assert.match(await bowlers.nth(1).innerText(), /Ben\s+up/i);
        assert.match(await lane1.locator(".lane-tile__viewers").innerText(), /\d+ watching/);
        assert.equal(await tile("Lane 2").getAttribute("data-live"), "false");
        assert.match(await tile("Lane 2").innerText(), /Tess/);
        assert.equal(await page.getByText("Test lane").count(), 0, "the hidden lane is absent");
        await page.waitForTimeout(500);
        await page.screenshot({ path: shot(`${size}-grid`), fullPage: true });
        assert.deepEqual(await axeViolations(page, NOT_OURS), []);
        assert.equal(await noSidewaysScroll(page), 0);
        assert.deepEqual(await smallTargets(page, "main"), []);
      });
    }

    await t.step("a tile follows its lane's game without a reload", async () => {
      await call(`/api/sessions/${offline.id}/balls`, { token, body: { pinsStanding: [] } });
      const lane2 = tile("Lane 2");
      await lane2.getByText("Strike", { exact: true }).waitFor({ timeout: 15_000 });
      assert.equal(await lane2.locator(".lane-tile__last-by").innerText(), "Tess");
      await page.screenshot({ path: shot("phone-grid-updated"), fullPage: true });
    });

    for (const [size, viewport] of Object.entries(SIZES)) {
      await t.step(`${size}: the lane page's controls are 44 px touch targets`, async () => {
        await page.setViewportSize(viewport);
        await page.goto(url("/lanes/1"));
        await page.locator(".stage").waitFor({ timeout: 15_000 });
        await page.waitForTimeout(1500);
        await page.screenshot({ path: shot(`${size}-lane`), fullPage: true });
        assert.deepEqual(await smallTargets(page, "main"), []);
        assert.equal(await noSidewaysScroll(page), 0);
      });
    }

    await t.step("a hidden lane's page is not found for the public", async () => {
      const res = await fetch(url("/api/lanes/3"));
      assert.equal(res.status, 404);
      assert.equal((await res.json()).code, "unknown_lane");
      await page.goto(url("/lanes/3"));
      await page.getByTestId("not-found").waitFor({ timeout: 15_000 });
      await page.screenshot({ path: shot("phone-hidden-lane"), fullPage: true });
    });

    await t.step("staff hide a lane with the switch in its settings", async () => {
      await page.setViewportSize(SIZES.desktop);
      await signIn(page, url("/login?next=/staff/lanes/2"), ADMIN);
      const hide = page.getByRole("switch", { name: "Hide from spectators" });
      await hide.waitFor({ timeout: 15_000 });
      assert.equal(await hide.isChecked(), false);
      await hide.click();
      await page.getByText("Hidden: only staff see this lane").waitFor();
      assert.equal(await hide.isChecked(), true);
      await page.screenshot({ path: shot("desktop-lane-settings"), fullPage: true });
      const lanes: { id: string }[] = await call("/api/lanes");
      assert.deepEqual(lanes.map((l) => l.id), ["1"]);
      const staffLanes: { id: string; hidden: boolean }[] = await call("/api/staff/lanes", {
        token,
      });
      assert.deepEqual(staffLanes.map((l) => [l.id, l.hidden]), [
        ["1", false],
        ["2", true],
        ["3", true],
      ]);
      await page.goto(url("/staff"));
      await page.locator(".staff-lane .pill[data-status='hidden']").first().waitFor();
      await page.setViewportSize(SIZES.phone);
      await page.screenshot({ path: shot("phone-staff-lanes"), fullPage: true });
    });

    assert.deepEqual(pageErrors, []);
  },
  sanitizeOps: false,
  sanitizeResources: false,
});
