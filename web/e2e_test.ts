/**
 * Browser test in headless Chromium against a real Lanecast: by default it
 * starts one (server, SFU, simulator with lane 1 simulated); set
 * `LANECAST_URL` to test a running one instead. Screenshots go to
 * `SCREENSHOT_DIR` (default /tmp).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { launchBrowser } from "../tools/browser.ts";
import { startSystem } from "../tools/system.ts";

const SCREENSHOT_DIR = Deno.env.get("SCREENSHOT_DIR") ?? "/tmp";
const PHONE = { width: 375, height: 812 };

/** Frames the lane page's video has decoded so far. */
function decodedFrames(page: Page): Promise<number> {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>("video.stage__video");
    if (!video) return 0;
    const quality = video.getVideoPlaybackQuality?.();
    const webkit = (video as HTMLVideoElement & { webkitDecodedFrameCount?: number })
      .webkitDecodedFrameCount;
    return Math.max(quality?.totalVideoFrames ?? 0, webkit ?? 0);
  });
}

Deno.test({
  name: "a spectator sees the lane grid and watches lane 1 play live",
  async fn(t) {
    const system = Deno.env.get("LANECAST_URL")
      ? null
      : await startSystem({ lanes: 3, simLanes: 1 });
    const BASE_URL = Deno.env.get("LANECAST_URL") ?? system!.url;
    try {
      const url = (path: string) => new URL(path, BASE_URL).href;
      const shot = (name: string) => join(SCREENSHOT_DIR, `lanecast-${name}.png`);
      await Deno.mkdir(SCREENSHOT_DIR, { recursive: true });
      await using browser = await launchBrowser();
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on("pageerror", (error) => pageErrors.push(error.message));

      await t.step("the grid shows a card per lane with its badge", async () => {
        await page.goto(url("/"));
        await page.locator(".lane-tile__link").first().waitFor({ timeout: 15_000 });
        const names = await page.locator(".lane-card__name").allInnerTexts();
        assert.ok(names.length >= 1, "no lane cards");
        const lane1 = page.locator(".lane-tile").filter({
          has: page.locator('a.lane-tile__link[href="/lanes/1"]'),
        });
        assert.equal(await lane1.count(), 1, "no card for lane 1");
        // The grid polls; the simulated lane goes live a moment after the system starts.
      await lane1.locator(".pill", { hasText: /live/i }).waitFor({ timeout: 20_000 });
      assert.match(await lane1.locator(".pill").innerText(), /live/i);
        await page.waitForTimeout(1500); // let live previews draw a frame
        await page.screenshot({ path: shot("grid"), fullPage: true });
      });

      await t.step("lane 1 plays: decoded frames keep increasing", async () => {
        await page.locator('a.lane-tile__link[href="/lanes/1"]').click();
        await page.waitForURL(url("/lanes/1"));
        await page.waitForFunction(
          () => {
            const video = document.querySelector<HTMLVideoElement>("video.stage__video");
            return (video?.getVideoPlaybackQuality().totalVideoFrames ?? 0) > 0;
          },
          null,
          { timeout: 20_000 },
        );
        const before = await decodedFrames(page);
        await page.waitForTimeout(2000);
        const after = await decodedFrames(page);
        assert.ok(after > before, `frames did not increase (${before} → ${after})`);
        assert.match(await page.locator(".stage .pill").innerText(), /live/i);
        await page.screenshot({ path: shot("lane-1") });
      });

      await t.step("the stats overlay shows bitrate, frame rate and resolution", async () => {
        await page.getByRole("button", { name: "Stats" }).click();
        const stats = page.locator(".stats");
        await stats.waitFor();
        // Bitrate needs two samples a second apart.
        await page.waitForFunction(
          () => /\d/.test(document.querySelector('[data-stat="bitrate"] dd')?.textContent ?? ""),
          null,
          { timeout: 5000 },
        );
        const text = await stats.innerText();
        assert.match(text, /Latency \(estimate\)/i);
        assert.match(text, /\d+(\.\d)? [kM]b\/s/);
        assert.match(text, /\d+×\d+/);
        await page.screenshot({ path: shot("lane-1-stats") });
      });

      await t.step("both pages fit a 375 px wide phone screen", async () => {
        await page.setViewportSize(PHONE);
        await page.waitForTimeout(500);
        const overflow = await page.evaluate(() =>
          document.documentElement.scrollWidth - document.documentElement.clientWidth
        );
        assert.equal(overflow, 0, "the lane page scrolls sideways on a phone");
        await page.screenshot({ path: shot("lane-1-phone"), fullPage: true });
        await page.goto(url("/"));
        await page.locator(".lane-tile__link").first().waitFor();
        await page.waitForTimeout(1500);
        await page.screenshot({ path: shot("grid-phone"), fullPage: true });
      });

      assert.deepEqual(pageErrors, []);
    } finally {
      await system?.stop();
    }
  },
});
