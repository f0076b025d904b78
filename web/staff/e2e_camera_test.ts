/**
 * Browser test of the staff camera page (`/staff/camera`): in headless
 * Chromium with its fake camera, the admin puts lane 2 (not simulated: only
 * lane 1 is) on air from the page; a second page watching the public lane
 * page sees the picture move, and the calibration page freezes a still of it.
 * The page passes axe and fits 1440×900 and 390×844 without sideways
 * scrolling. Screenshots go to `SCREENSHOT_DIR` (default /tmp/shots-f).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { ADMIN, axeViolations, noSidewaysScroll, signIn, startBrowserRun } from "../e2e_helpers.ts";

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Frames the lane page's video has shown, once it has a picture. */
function videoFrames(page: Page): Promise<number> {
  return page.evaluate(() => {
    const v = document.querySelector<HTMLVideoElement>("video");
    return v && v.videoWidth > 0 ? v.getVideoPlaybackQuality().totalVideoFrames : 0;
  });
}

/**
 * The header's `.brand` link is left out: its name ("Lanecast home") does not
 * contain the console badge's visible text. The header is shared markup
 * (web/components/site_header.tsx), not this page's.
 */
const SHARED_HEADER = [".brand"];

async function checkLayout(page: Page, where: string) {
  assert.deepEqual(
    await axeViolations(page, SHARED_HEADER),
    [],
    `axe on the camera page, ${where}`,
  );
  assert.equal(await noSidewaysScroll(page), 0, `no sideways scroll, ${where}`);
}

Deno.test({
  name: "a phone's camera page puts a real lane on air and spectators see its picture",
  async fn(t) {
    await using run = await startBrowserRun({
      screenshotDir: "/tmp/shots-f",
      shotPrefix: "camera",
      fakeMedia: true,
    });
    const { browser, page, pageErrors, shot, url } = run;
    const status = page.locator('[data-testid="camera-status"]');

    await t.step(
      "staff open the camera page; the lane that is not simulated is chosen",
      async () => {
        await page.setViewportSize(DESKTOP);
        await signIn(page, url("/login?next=/staff/camera"), ADMIN);
        await page.getByRole("heading", { name: "Phone camera" }).waitFor({ timeout: 15_000 });
        const lane = page.locator('select[name="lane"]');
        await page.waitForFunction(() =>
          document.querySelector<HTMLSelectElement>('select[name="lane"]')?.value === "2"
        );
        assert.equal(await lane.inputValue(), "2");
        assert.equal(await status.innerText(), "Off air");
        await page.screenshot({ path: shot("desktop-off-air"), fullPage: true });
        await checkLayout(page, "desktop, off air");
      },
    );

    await t.step("Go on air publishes the fake camera over WHIP", async () => {
      await page.getByRole("button", { name: "Go on air" }).click();
      await status.filter({ hasText: "On air" }).waitFor({ timeout: 30_000 });
      assert.match(await status.innerText(), /On air · Lane 2/i);
      await page.waitForFunction(
        () => (document.querySelector<HTMLVideoElement>(".camera video")?.videoWidth ?? 0) > 0,
      );
      assert.equal(
        await page.locator('select[name="lane"]').isDisabled(),
        true,
        "the lane is fixed on air",
      );
      await page.screenshot({ path: shot("desktop-on-air"), fullPage: true });
      await checkLayout(page, "desktop, on air");
    });

    await t.step("a spectator's lane page shows the camera's picture, moving", async () => {
      const viewer = await browser.newPage();
      viewer.on("pageerror", (error) => pageErrors.push(error.message));
      await viewer.goto(url("/lanes/2"));
      await viewer.waitForFunction(
        () => {
          const v = document.querySelector<HTMLVideoElement>("video");
          return (v?.videoWidth ?? 0) > 0 && (v?.getVideoPlaybackQuality().totalVideoFrames ?? 0);
        },
        null,
        { timeout: 30_000 },
      );
      const first = await videoFrames(viewer);
      const firstTime = await viewer.evaluate(() => document.querySelector("video")!.currentTime);
      await viewer.waitForFunction(
        ([frames, time]) => {
          const v = document.querySelector<HTMLVideoElement>("video")!;
          return v.getVideoPlaybackQuality().totalVideoFrames > frames && v.currentTime > time;
        },
        [first, firstTime] as const,
        { timeout: 15_000 },
      );
      await viewer.screenshot({ path: shot("viewer") });
      await viewer.close();
    });

    await t.step("the calibration page freezes a still of the phone's picture", async () => {
      const calibrate = await browser.newPage();
      calibrate.on("pageerror", (error) => pageErrors.push(error.message));
      await calibrate.goto(url("/staff/lanes/2/calibrate"));
      await calibrate.waitForFunction(
        () => (document.querySelector<HTMLVideoElement>(".calibrate video")?.videoWidth ?? 0) > 0,
        null,
        { timeout: 30_000 },
      );
      await calibrate.getByRole("button", { name: "Freeze frame" }).click();
      const size = await calibrate.locator("canvas.calib-canvas").evaluate((
        c: HTMLCanvasElement,
      ) => ({ width: c.width, height: c.height }));
      assert.ok(size.width > 0 && size.height > 0, "a still of the camera's picture");
      await calibrate.close();
    });

    await t.step("on a phone the page fits and says it is on air", async () => {
      await page.setViewportSize(PHONE);
      await status.filter({ hasText: "On air" }).waitFor();
      await page.screenshot({ path: shot("phone-on-air"), fullPage: true });
      await checkLayout(page, "phone, on air");
      const stop = page.getByRole("button", { name: "Stop camera" });
      const box = await stop.boundingBox();
      assert.ok(box && box.height >= 44, "the stop button is a phone-sized target");
    });

    await t.step("Stop takes the lane off air", async () => {
      await page.getByRole("button", { name: "Stop camera" }).click();
      await status.filter({ hasText: "Off air" }).waitFor();
      assert.equal(await page.locator(".camera video").isHidden(), true);
      await page.screenshot({ path: shot("phone-off-air"), fullPage: true });
      await checkLayout(page, "phone, off air");
    });

    assert.deepEqual(pageErrors, []);
  },
});
