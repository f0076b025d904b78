/**
 * The upload page as a bowler meets it, in headless Chromium against a real
 * Lanecast (the real analyzer and models): a file that is not a video is
 * refused in plain words; a simulator's video (H.264 MP4) shows its first
 * frame, where the bowler clicks the lane's four corners (undo, clear and
 * the keyboard tried on the way), then a progress bar, then the shot it
 * holds with its poster frame and path, the labels and a suggested bet, at
 * 1440×900 and 390×844, with axe-core finding nothing and no sideways scroll. Screenshots: `SCREENSHOT_DIR`, default
 * /tmp/shots-analyze. Needs `web/dist` (`./lanecast deno task build:web`).
 */
import assert from "node:assert/strict";
import { encodeSimVideo } from "../../tools/sim_video.ts";
import { simLaneCorners } from "../../core/lane_corners.ts";
import { ADMIN, axeViolations, noSidewaysScroll, signIn, startBrowserRun } from "../e2e_helpers.ts";

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

Deno.test({
  name: "a bowler uploads a video and sees its shots, labels and a suggested bet",
  async fn(t) {
    await using run = await startBrowserRun({
      screenshotDir: "/tmp/shots-analyze",
      shotPrefix: "analyze",
    });
    const { page, pageErrors, shot, url } = run;
    const work = await Deno.makeTempDir();
    const video = `${work}/lane-1.mp4`;
    const truths = await encodeSimVideo({ path: video, seed: 203, shots: 1 });
    const text = `${work}/notes.mp4`;
    await Deno.writeTextFile(text, "this is not a video at all");
    const check = async (name: string) => {
      assert.deepEqual(await axeViolations(page), [], name);
      assert.equal(await noSidewaysScroll(page), 0, name);
    };
    try {
      await t.step("the page asks who you are first", async () => {
        await page.setViewportSize(PHONE);
        await page.goto(url("/analyze"));
        await page.locator(".analyze-page").getByRole("link", { name: /sign in/i }).waitFor();
      });

      await t.step("a text file named .mp4 is refused in plain words", async () => {
        await signIn(page, url("/login?next=/analyze"), ADMIN);
        await page.locator(".drop-zone").waitFor({ timeout: 15_000 });
        await check("empty page, phone");
        await page.screenshot({ path: shot("phone-empty"), fullPage: true });
        await page.locator('input[type="file"]').setInputFiles(text);
        await page.locator('[data-testid="corner-unavailable"]').waitFor({ timeout: 15_000 });
        await page.locator('[data-testid="analyze-send"]').click();
        await page.locator('[data-testid="analyze-error"]', {
          hasText: "not a video we can read",
        }).waitFor();
      });

      await t.step("the bowler clicks the lane's four corners on the first frame", async () => {
        await page.setViewportSize(DESKTOP);
        await page.locator('input[type="file"]').setInputFiles(video);
        const canvas = page.locator('[data-testid="corner-canvas"]');
        await canvas.waitFor({ timeout: 15_000 });
        assert.equal(
          await page.locator('[data-testid="analyze-error"]').count(),
          0,
          "the last file's refusal goes when another is chosen",
        );
        const status = page.locator('[data-testid="corner-status"]');
        const clickCorners = async (corners: { x: number; y: number }[]) => {
          const box = (await canvas.boundingBox())!;
          for (const c of corners) {
            await canvas.click({ position: { x: c.x * box.width, y: c.y * box.height } });
          }
        };
        await status.getByText("0 of 4 corners. Next: Foul line, left end.").waitFor();
        await clickCorners(simLaneCorners().slice(0, 2));
        await status.getByText("Next: Pin deck end, right").waitFor();
        await page.getByRole("button", { name: "Undo last corner" }).click();
        await status.getByText("1 of 4 corners").waitFor();
        await page.getByRole("button", { name: "Clear corners" }).click();
        await status.getByText("0 of 4 corners").waitFor();
        // The keyboard: Enter places a corner at the cross, Backspace takes it back.
        await canvas.focus();
        await page.keyboard.press("ArrowLeft");
        await page.keyboard.press("Enter");
        await status.getByText("1 of 4 corners").waitFor();
        await page.keyboard.press("Backspace");
        await status.getByText("0 of 4 corners").waitFor();
        // Left and right swapped is refused in words, and nothing is sent.
        const [a, b, c, d] = simLaneCorners();
        await clickCorners([b, a, d, c]);
        await page.locator('[data-testid="corner-status"][data-state="invalid"]').waitFor();
        assert.equal(await page.locator('[data-testid="analyze-send"]').isDisabled(), true);
        await page.getByRole("button", { name: "Clear corners" }).click();
        await clickCorners([a, b, c, d]);
        await page.locator('[data-testid="corner-status"][data-state="lane"]').waitFor();
        await check("corners, desktop");
        await page.screenshot({ path: shot("desktop-corners"), fullPage: true });
        await page.setViewportSize(PHONE);
        await page.waitForTimeout(300);
        await check("corners, phone");
        await page.screenshot({ path: shot("phone-corners"), fullPage: true });
        await page.setViewportSize(DESKTOP);
      });

      await t.step("the video is analysed with its corners, with a progress bar", async () => {
        await page.locator('[data-testid="analyze-send"]').click();
        await page.locator('[data-testid="analyze-progress"], [data-testid="video-shot"]').first()
          .waitFor({ timeout: 30_000 });
        await page.waitForURL(/\/analyze\/[0-9a-f-]{36}$/);
        await page.locator('[data-testid="video-shot"]').first().waitFor({ timeout: 240_000 });
      });

      await t.step(
        "the result: the shot, its poster and path, labels, a suggested bet",
        async () => {
          assert.equal(await page.locator('[data-testid="video-shot"]').count(), truths.length);
          await page.locator('[data-testid="video-shot"] img').first().waitFor();
          await page.locator('[data-testid="video-shot-path"]').first().waitFor();
          const labels = await page.locator(".label-row").evaluateAll((rows) =>
            rows.map((r) => r.getAttribute("data-label"))
          );
          assert.ok(labels.includes("Ball release"), labels.join(", "));
          assert.match(await page.locator("#suggestion-title").innerText(), /Suggested bet/);
          await check("result, desktop");
          await page.screenshot({ path: shot("desktop-result"), fullPage: true });
          await page.setViewportSize(PHONE);
          await page.waitForTimeout(300);
          await check("result, phone");
          await page.screenshot({ path: shot("phone-result"), fullPage: true });
        },
      );

      await t.step("the result page can be opened again from its address", async () => {
        await page.reload();
        await page.locator('[data-testid="video-shot"]').first().waitFor({ timeout: 15_000 });
      });
      assert.deepEqual(pageErrors, []);
    } finally {
      await Deno.remove(work, { recursive: true });
    }
  },
});
