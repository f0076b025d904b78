/**
 * Browser test of the staff console in headless Chromium against a real
 * Lanecast (server, SFU, simulator with lane 1 simulated) started with an
 * admin from `ADMIN_EMAIL` / `ADMIN_PASSWORD`. The admin makes a new account
 * staff; that staff member logs in, adds a lane, calibrates the simulated
 * lane by clicking points on a frozen frame, opens a session, enters balls,
 * corrects one with a reason (a second tab sees it live), closes the session,
 * and reads the audit log; then a bowler checks in from a new session's QR
 * code (the lane's fixed check-in address alone does not let them) and staff
 * remove them. Screenshots go to `SCREENSHOT_DIR` (default /tmp/lanecast-staff).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { ADMIN, noSidewaysScroll, PHONE, startBrowserRun } from "./e2e_helpers.ts";
import { signupConfirmed } from "../server/users/signup_client.ts";
import { scaleCalibrationPoints, simCalibrationPoints } from "../core/calibration.ts";
import { type Clicks, TARGETS, toClicks } from "./staff/calibration_model.ts";

const STAFF = { email: "sam@alley.test", password: "staff password 0123", name: "Sam" };

async function login(page: Page, url: string, who: { email: string; password: string }) {
  await page.goto(url);
  await page.locator('input[name="email"]').fill(who.email);
  await page.locator('input[name="password"]').fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Taps pins on the deck of the ball-entry (or correction) panel. */
async function tapPins(page: Page, scope: string, pins: number[]) {
  for (const pin of pins) await page.locator(`${scope} .pin[data-pin="${pin}"]`).click();
}

/** Clicks a button that records a ball and waits for the server's answer. */
async function recordBall(page: Page, button: string | RegExp) {
  const answered = page.waitForResponse((r) =>
    /\/api\/sessions\/[^/]+\/balls$/.test(new URL(r.url()).pathname) &&
    r.request().method() === "POST"
  );
  await page.locator(".ball-entry").getByRole("button", { name: button }).click();
  const response = await answered;
  assert.equal(response.status(), 201, await response.text());
}

function marks(page: Page, bowler: string, frame: number): Promise<string[]> {
  return page.locator(`tr[data-bowler="${bowler}"] td[data-frame="${frame}"] .mark`)
    .allInnerTexts();
}

Deno.test({
  name: "staff log in, add a lane, calibrate a lane, and score and correct a session",
  async fn(t) {
    await using run = await startBrowserRun({
      screenshotDir: "/tmp/lanecast-staff",
      shotPrefix: "staff",
    });
    const { browser, page, pageErrors, shot, url } = run;
    page.on(
      "dialog",
      (dialog) =>
        void (dialog.type() === "prompt" ? dialog.accept("Not with this party") : dialog.accept()),
    );

    await t.step("an admin makes a new account staff", async () => {
      await signupConfirmed(url("/"), {
        email: STAFF.email,
        password: STAFF.password,
        displayName: STAFF.name,
      }, ADMIN);

      await login(page, url("/login?next=/staff/users"), ADMIN);
      await page.waitForURL(url("/staff/users"));
      const row = page.locator(`tr[data-email="${STAFF.email}"]`);
      await row.waitFor();
      const changed = page.waitForResponse((r) => r.url().includes("/api/users/"));
      await row.locator("select").selectOption("staff");
      assert.equal((await changed).status(), 200);
      assert.equal(await row.locator("select").inputValue(), "staff");
      await page.screenshot({ path: shot("users"), fullPage: true });
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.locator('input[name="email"]').waitFor();
    });

    await t.step("the staff member logs in and sees every lane with camera health", async () => {
      await login(page, url("/login"), STAFF);
      await page.waitForURL(url("/staff"));
      await page.locator(".staff-tabs__name", { hasText: STAFF.name }).waitFor();
      const lane1 = page.locator('.staff-lane:has(a[href="/staff/lanes/1"])');
      await lane1.locator(".pill", { hasText: /live/i }).waitFor({ timeout: 30_000 });
      assert.equal(await page.locator(".staff-lane").count(), 2);
      assert.match(await lane1.locator('[data-health="bitrate"] dd').innerText(), /b\/s|—/);
      await page.waitForTimeout(1500); // let the thumbnail draw
      await page.screenshot({ path: shot("lanes"), fullPage: true });
    });

    await t.step(
      "staff add a lane, rename it, make its camera key; no session, no check-in QR code",
      async () => {
        await page.getByRole("button", { name: "+ Add lane" }).click();
        await page.locator('form[aria-label="Add lane"] input[name="name"]').fill("Lane 9");
        await page.locator('form[aria-label="Add lane"] select[name="sourceKind"]').selectOption(
          "whip",
        );
        await page.getByRole("button", { name: "Create lane" }).click();
        await page.waitForURL(url("/staff/lanes/3"));
        await page.locator(".lane-head__title", { hasText: "Lane 9" }).waitFor();

        await page.locator('form[aria-label="Lane settings"] input[name="name"]').fill(
          "Lane 9 (bar side)",
        );
        await page.getByRole("button", { name: "Save", exact: true }).click();
        await page.locator(".form__ok", { hasText: "Saved" }).waitFor();
        assert.equal(await page.locator(".lane-head__title").innerText(), "Lane 9 (bar side)");

        await page.getByRole("button", { name: "Make a camera key" }).click();
        const key = await page.locator('[data-testid="camera-key"]').innerText();
        assert.ok(key.length >= 32, `camera key "${key}" is too short`);
        await page.locator('[data-testid="check-in-none"]').waitFor();
        assert.equal(await page.locator(".qr__image").count(), 0);
        await page.screenshot({ path: shot("lane-new"), fullPage: true });
      },
    );

    await t.step("staff calibrate the simulated lane by clicking points on a still", async () => {
      await page.goto(url("/staff/lanes/1/calibrate"));
      const freeze = page.getByRole("button", { name: "Freeze frame" });
      await page.waitForFunction(
        () => {
          const v = document.querySelector<HTMLVideoElement>(".calibrate video");
          return (v?.videoWidth ?? 0) > 0 &&
            (v?.getVideoPlaybackQuality().totalVideoFrames ?? 0) > 0;
        },
        null,
        { timeout: 30_000 },
      );
      await freeze.click();
      const canvas = page.locator("canvas.calib-canvas");
      await canvas.waitFor();
      const size = await canvas.evaluate((c: HTMLCanvasElement) => ({
        width: c.width,
        height: c.height,
        shownWidth: c.clientWidth,
        shownHeight: c.clientHeight,
      }));
      const points = scaleCalibrationPoints(simCalibrationPoints(), size.width, size.height);
      const clicks: Clicks = toClicks(points);
      for (const label of TARGETS) {
        const p = clicks[label]!;
        await page.locator(`.chip[data-target="${label}"]`).click();
        await canvas.click({
          position: {
            x: (p.u * size.shownWidth) / size.width,
            y: (p.v * size.shownHeight) / size.height,
          },
        });
      }
      const fit = await page.locator('[data-testid="fit"]').innerText();
      const rms = Number(/RMS error (\d+\.\d+) px/.exec(fit)?.[1]);
      assert.ok(rms < 1.5, `reprojection error ${rms} px is too large: ${fit}`);
      assert.match(fit, /Fit over 19 points/);
      await page.getByRole("button", { name: "Save calibration" }).click();
      await page.locator('[data-testid="saved-calibration"]', { hasText: "Saved" }).waitFor();
      // The magnifier follows the pointer: hover near the pins for the screenshot.
      const pin5 = clicks["pin-5"]!;
      for (const dx of [8, 0]) {
        await canvas.hover({
          position: {
            x: ((pin5.u + dx) * size.shownWidth) / size.width,
            y: (pin5.v * size.shownHeight) / size.height,
          },
        });
      }
      await page.locator("canvas.calib-loupe").waitFor();
      await page.screenshot({ path: shot("calibrate"), fullPage: true });
      await page.goto(url("/staff/lanes/1"));
      await page.locator('[data-testid="calibration-summary"]', {
        hasText: "Calibrated · 19 points",
      })
        .waitFor();
    });

    let sessionUrl = "";
    await t.step(
      "staff open a session with two bowlers and enter balls by tapping pins",
      async () => {
        await page.locator('input[name="bowler-1"]').fill("Ada");
        await page.getByRole("button", { name: "+ Bowler" }).click();
        await page.locator('input[name="bowler-2"]').fill("Ben");
        await page.getByRole("button", { name: "Open session" }).click();
        await page.waitForURL(/\/staff\/sessions\/[0-9a-f-]{36}$/);
        sessionUrl = page.url();

        await page.locator('[data-testid="up-now"]', { hasText: "Ada" }).waitFor();
        await recordBall(page, "Strike");
        await page.locator('[data-testid="up-now"]', { hasText: "Ben" }).waitFor();
        await tapPins(page, ".ball-entry", [1, 2, 3, 4, 5, 6, 8, 9]);
        await recordBall(page, /Enter ball: 8 pins/);
        await tapPins(page, ".ball-entry", [7]);
        await recordBall(page, /Enter ball: 1 pin/);
        await tapPins(page, ".ball-entry", [1, 2, 3, 4, 5, 6, 7]);
        await recordBall(page, /Enter ball: 7 pins/);
        await tapPins(page, ".ball-entry", [8, 9]);
        await recordBall(page, /Enter ball: 2 pins/);

        assert.deepEqual(await marks(page, "Ada", 1), ["X"]);
        assert.deepEqual(await marks(page, "Ada", 2), ["7", "2"]);
        assert.deepEqual(await marks(page, "Ben", 1), ["8", "1"]);
        assert.equal(
          await page.locator('tr[data-bowler="Ben"] td[data-frame="1"] .mark').first()
            .getAttribute("data-split"),
          "true",
          "7-10 left standing is a split",
        );
        assert.equal(await page.locator('[data-testid="total-Ada"]').innerText(), "28");
        assert.equal(await page.locator('[data-testid="total-Ben"]').innerText(), "9");
        await page.screenshot({ path: shot("session"), fullPage: true });
      },
    );

    await t.step("staff correct a ball with a reason; a second tab sees it live", async () => {
      const watcher = await browser.newPage();
      watcher.on("pageerror", (error) => pageErrors.push(`watcher: ${error.message}`));
      await watcher.goto(sessionUrl);
      await watcher.locator('.live-dot[data-status="open"]').waitFor({ timeout: 15_000 });
      assert.deepEqual(await marks(watcher, "Ben", 1), ["8", "1"]);

      await page.locator('tr[data-bowler="Ben"] td[data-frame="1"] .mark').nth(1).click();
      const form = page.locator('form[aria-label="Correct a ball"]');
      await form.waitFor();
      await tapPins(page, ".correction", [10]);
      await form.locator('input[name="reason"]').fill("The 10 fell after the sweep");
      await form.getByRole("button", { name: /Save correction: 2 pins/ }).click();
      await form.waitFor({ state: "detached" });

      assert.deepEqual(await marks(page, "Ben", 1), ["8", "/"]);
      const history = page.locator(".history__item");
      await history.first().waitFor();
      assert.match(await history.first().innerText(), /Ben.*frame 1 ball 2.*standing 10 → none/s);
      assert.match(await history.first().innerText(), /The 10 fell after the sweep/);

      await watcher.waitForFunction(
        () =>
          [...document.querySelectorAll('tr[data-bowler="Ben"] td[data-frame="1"] .mark')]
            .map((m) => m.textContent).join() === "8,/",
        null,
        { timeout: 10_000 },
      );
      await tapPins(page, ".ball-entry", [1, 2, 3, 4, 5]);
      await recordBall(page, /Enter ball: 5 pins/);
      await watcher.waitForFunction(
        () =>
          document.querySelector('tr[data-bowler="Ben"] td[data-frame="1"] .frame__total')
            ?.textContent === "15",
        null,
        { timeout: 10_000 },
      );
      await page.screenshot({ path: shot("session-corrected"), fullPage: true });
      await watcher.close();
    });

    await t.step("the session closes and the audit log shows what staff did", async () => {
      await page.getByRole("button", { name: "Close session" }).click();
      await page.locator('[data-testid="session-status"]', { hasText: "closed" }).waitFor();
      await page.goto(url("/staff/audit"));
      await page.locator('[data-action="session.correct"]').first().waitFor();
      for (const action of ["lane.create", "lane.calibrate", "session.open", "session.close"]) {
        assert.ok(
          await page.locator(`[data-action="${action}"]`).count() >= 1,
          `no "${action}" entry`,
        );
      }
      await page.screenshot({ path: shot("audit"), fullPage: true });
    });

    await t.step("the console fits a 375 px wide phone screen", async () => {
      await page.setViewportSize(PHONE);
      for (const [name, path] of [["session", sessionUrl], ["lanes", url("/staff")]]) {
        await page.goto(path);
        await page.locator(name === "session" ? ".sheet" : ".staff-lane").first().waitFor();
        await page.waitForTimeout(800);
        assert.equal(await noSidewaysScroll(page), 0, `${name} scrolls sideways on a phone`);
        await page.screenshot({ path: shot(`${name}-phone`), fullPage: true });
      }
    });

    await t.step(
      "the open session's QR code checks a bowler in; the fixed URL does not; staff remove them",
      async () => {
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(url("/staff/lanes/1"));
        await page.locator('input[name="bowler-1"]').fill("Cy");
        await page.getByRole("button", { name: "Open session" }).click();
        await page.waitForURL(/\/staff\/sessions\/[0-9a-f-]{36}$/);
        const session = page.url();
        const qr = page.locator('section[aria-label="Check-in QR code"]');
        await page.waitForFunction(() =>
          (document.querySelector<HTMLImageElement>(".qr__image")?.naturalWidth ?? 0) > 0
        );
        const checkIn = await qr.getByRole("link", { name: "Check-in page" }).getAttribute("href");
        assert.match(checkIn ?? "", /\/lanes\/1\/check-in\?code=[0-9a-z]+\.1\.[\w-]{86}$/);
        await qr.locator('[data-testid="check-in-expiry"]').waitFor();
        await page.screenshot({ path: shot("session-qr"), fullPage: true });

        // Someone who only knows the lane's fixed address cannot join.
        await page.setViewportSize(PHONE);
        await page.goto(url("/lanes/1/check-in"));
        await page.locator('[data-testid="check-in-no-code"]').waitFor();
        assert.equal(await page.getByRole("button", { name: /Check in as/ }).count(), 0);
        await page.screenshot({ path: shot("check-in-no-code-phone"), fullPage: true });

        await page.goto(checkIn!);
        await page.getByRole("button", { name: `Check in as ${STAFF.name}` }).click();
        await page.locator(".checkin__done", { hasText: "bowler 2" }).waitFor();
        assert.match(await page.locator(".checkin").innerText(), /Bowling now: Cy, Sam/);
        assert.equal(await noSidewaysScroll(page), 0, "check-in scrolls sideways on a phone");
        await page.screenshot({ path: shot("check-in-phone"), fullPage: true });

        await page.goto(session);
        const sam = page.locator(`.bowler-list__item[data-bowler="${STAFF.name}"]`);
        await sam.locator(".muted", { hasText: "checked in" }).waitFor();
        await page.locator(".qr__image").waitFor();
        assert.equal(await noSidewaysScroll(page), 0, "session page scrolls sideways on a phone");
        await page.screenshot({ path: shot("session-qr-phone"), fullPage: true });
        await sam.getByRole("button", { name: `Remove ${STAFF.name}` }).click();
        await page.locator(`.bowler-list__item[data-bowler="${STAFF.name}"][data-removed="true"]`)
          .waitFor();
        assert.equal(
          await page.locator(`tr[data-bowler="${STAFF.name}"]`).getAttribute("data-removed"),
          "true",
        );
        await page.screenshot({ path: shot("session-removed-phone"), fullPage: true });

        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(url("/staff/audit"));
        for (const action of ["session.check_in", "session.bowler_remove"]) {
          await page.locator(`[data-action="${action}"]`).first().waitFor();
        }
      },
    );

    assert.deepEqual(pageErrors, []);
  },
});
