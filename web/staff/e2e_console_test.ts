/**
 * Browser test of the console's safeguards (issue 16) at 1440×900 and
 * 390×844 in headless Chromium against a real Lanecast: while the AI scores
 * a live game, ball entry waits behind "Correct a ball", whose pin picker
 * starts from the AI's read and which needs a reason; marks say who scored
 * each ball; an offline lane says how to connect a camera; the audit log reads
 * in words and filters; no console page scrolls sideways on a phone.
 * Screenshots go to `SCREENSHOT_DIR` (default /tmp/shots-e).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  accessTokenOf,
  ADMIN,
  axeViolations,
  noSidewaysScroll,
  signIn,
  startBrowserRun,
} from "../e2e_helpers.ts";
import { shotReport } from "../e2e_shot_report.ts";

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/**
 * What a phone and a desktop must both pass on a page of this part. The site
 * header is shared markup another part owns (its findings are reported there).
 */
async function checkPage(page: Page, name: string) {
  assert.deepEqual(await axeViolations(page, [".site-header"]), [], `${name}: accessibility`);
  assert.equal(await noSidewaysScroll(page), 0, `${name} scrolls sideways`);
}

function marks(page: Page, bowler: string, frame: number): Promise<string[]> {
  return page.locator(`tr[data-bowler="${bowler}"] td[data-frame="${frame}"] .mark`)
    .allInnerTexts();
}

Deno.test({
  name:
    "the console protects staff: correct the AI's balls with a reason, camera help, audit in words",
  async fn(t) {
    await using run = await startBrowserRun({
      screenshotDir: "/tmp/shots-e",
      shotPrefix: "console",
    });
    const { page, pageErrors, shot, system, url } = run;
    await page.setViewportSize(DESKTOP);

    const accessToken = await accessTokenOf(url, ADMIN);
    const call = async (path: string, body: unknown, key = accessToken) => {
      const res = await fetch(url(path), {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    };
    const aiShot = async (id: string, standing: number) => {
      const res = await call(
        "/api/inference/lanes/1/shots",
        shotReport(id, { standing, pinConfidence: 0.995, mph: 17 }),
        system.inferenceKey,
      );
      assert.ok(res.status === 201, `shot ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    };

    let sessionUrl = "";
    await t.step("the AI scores a game staff opened", async () => {
      let opened = await call("/api/lanes/1/sessions", {
        bowlers: [{ name: "Ada" }, { name: "Ben" }],
      });
      if (opened.status === 409) {
        // An automatic open-play game holds the lane: close it, then open ours.
        const open = await (await fetch(url("/api/lanes/1/session"))).json();
        await call(`/api/sessions/${open.id}/close`, {});
        opened = await call("/api/lanes/1/sessions", {
          bowlers: [{ name: "Ada" }, { name: "Ben" }],
        });
      }
      assert.equal(opened.status, 201, JSON.stringify(opened.body));
      sessionUrl = url(`/staff/sessions/${opened.body.id}`);
      await signIn(page, url(`/login?next=/staff/sessions/${opened.body.id}`), ADMIN);
      await page.waitForURL(sessionUrl);
      await page.locator(".ball-entry").waitFor();
      await aiShot("e2e-console-1", 0); // Ada: strike
      await aiShot("e2e-console-2", 0b1001000000); // Ben: 8, the 7 and 10 standing
      await page.locator('tr[data-bowler="Ben"] td[data-frame="1"] .mark').first().waitFor({
        timeout: 15_000,
      });
    });

    await t.step(
      "ball entry waits behind Correct a ball; marks say the AI scored them",
      async () => {
        const panel = page.locator('[data-testid="ai-scoring"]');
        await panel.waitFor();
        assert.equal(
          await page.locator(".ball-entry").count(),
          0,
          "no ball entry while the AI scores",
        );
        assert.equal(await page.getByRole("button", { name: /Enter ball/ }).count(), 0);
        assert.match(await panel.innerText(), /Ben is up, frame 1, ball 2/);
        const ben = page.locator('tr[data-bowler="Ben"] td[data-frame="1"] .mark').first();
        assert.equal(await ben.getAttribute("data-by"), "AI");
        assert.match(await ben.getAttribute("aria-label") ?? "", /Scored by the AI/);
        assert.match(
          await page.locator('[data-testid="sheet-legend"]').innerText(),
          /scored by the AI/,
        );
        await checkPage(page, "AI-scored session (desktop)");
        await page.screenshot({ path: shot("session-ai-desktop"), fullPage: true });
      },
    );

    await t.step(
      "Correct a ball starts from the AI's read of the last ball and needs a reason",
      async () => {
        await page.getByRole("button", { name: "Correct a ball" }).click();
        const form = page.locator('form[aria-label="Correct a ball"]');
        await form.waitFor();
        assert.match(await form.innerText(), /Correct Ben's frame 1, ball 1/);
        assert.match(
          await page.locator('[data-testid="correction-read"]').innerText(),
          /The AI read: 8 pins/,
        );
        const pressed = await form.locator('.pin[aria-pressed="true"]').evaluateAll((pins) =>
          pins.map((p) => Number(p.getAttribute("data-pin")))
        );
        assert.deepEqual(pressed.sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 8, 9]);
        await form.locator('.pin[data-pin="10"]').click();

        let sent = 0;
        page.on("request", (r) => void (r.url().includes("/balls/") && sent++));
        await form.getByRole("button", { name: /Save correction: 9 pins/ }).click();
        const error = form.locator(".field__error");
        await error.waitFor();
        assert.equal(await error.innerText(), "Say why you change it (at least 3 characters)");
        assert.equal(
          await form.locator('input[name="reason"]').getAttribute("aria-invalid"),
          "true",
        );
        assert.equal(sent, 0, "no reason: nothing sent");
        await checkPage(page, "correction form with its error (desktop)");
        await page.screenshot({ path: shot("correct-desktop"), fullPage: true });

        await form.locator('input[name="reason"]').fill("The 10 fell late");
        const answered = page.waitForResponse((r) =>
          r.url().includes("/balls/") && r.request().method() !== "GET"
        );
        await form.getByRole("button", { name: /Save correction: 9 pins/ }).click();
        assert.ok([200, 201].includes((await answered).status()), "correction saved");
        await form.waitFor({ state: "detached" });
        const mark = page.locator('tr[data-bowler="Ben"] td[data-frame="1"] .mark').first();
        assert.deepEqual(await marks(page, "Ben", 1), ["9"]);
        assert.equal(await mark.getAttribute("data-by"), "S");
        assert.equal(await mark.getAttribute("data-corrected"), "true");
        await page.locator('[data-testid="ai-scoring"]').waitFor();
      },
    );

    await t.step("a ball the AI missed can still be entered by hand", async () => {
      await page.locator('tr[data-bowler="Ada"] td[data-frame="1"] .mark').first().click();
      await page.getByRole("button", { name: "Enter it by hand" }).click();
      const entry = page.locator(".ball-entry");
      await entry.waitFor();
      assert.match(await entry.innerText(), /only for a ball the AI missed/);
      await entry.getByRole("button", { name: "Back to AI scoring" }).click();
      await page.locator('[data-testid="ai-scoring"]').waitFor();
    });

    await t.step("on a phone the correction flow fits and passes the same checks", async () => {
      await page.setViewportSize(PHONE);
      await page.goto(sessionUrl);
      await page.locator('[data-testid="ai-scoring"]').waitFor();
      await checkPage(page, "AI-scored session (phone)");
      await page.screenshot({ path: shot("session-ai-phone"), fullPage: true });
      await page.getByRole("button", { name: "Correct a ball" }).click();
      const form = page.locator('form[aria-label="Correct a ball"]');
      await form.waitFor();
      await form.getByRole("button", { name: /Save correction/ }).click();
      await form.locator(".field__error").waitFor();
      await checkPage(page, "correction form (phone)");
      await page.screenshot({ path: shot("correct-phone"), fullPage: true });
      await form.getByRole("button", { name: "Cancel" }).click();
    });

    await t.step("an offline lane says how to connect a camera", async () => {
      for (const [size, viewport] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
        await page.setViewportSize(viewport);
        await page.goto(url("/staff/lanes/2"));
        const setup = page.locator(".camera-setup");
        await setup.waitFor({ timeout: 15_000 });
        assert.match(
          await setup.locator('[data-testid="whip-url"]').innerText(),
          /^http:\/\/[^ ]+:\d+\/whip\/2$/,
        );
        assert.match(
          await setup.locator('[data-testid="publish-example"]').innerText(),
          /\/api\/lanes\/2\/publish/,
        );
        assert.match(await setup.locator('[data-testid="rtsp-example"]').innerText(), /^rtsp:\/\//);
        assert.equal(
          await setup.locator('[data-testid="camera-page-link"]').getAttribute("href"),
          "/staff/camera?lane=2",
        );
        await setup.getByRole("link", { name: "Camera key" }).click();
        await page.waitForFunction(() =>
          document.activeElement?.closest("#camera-key") !== null &&
          document.activeElement?.tagName === "BUTTON"
        );
        await checkPage(page, `offline lane (${size})`);
        await page.screenshot({ path: shot(`lane-offline-${size}`), fullPage: true });
      }
      await page.goto(url("/staff/lanes/1"));
      await page.locator('[data-testid="quality-note"]').waitFor();
      assert.equal(await page.locator(".camera-setup").count(), 0, "a live lane needs no help");
      assert.match(await page.locator('[data-health="score"]').innerText(), /Receive quality/);
    });

    await t.step("the audit log reads in words and filters by what, who and lane", async () => {
      for (const [size, viewport] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
        await page.setViewportSize(viewport);
        await page.goto(url("/staff/audit"));
        const entry = page.locator('[data-action="session.correct"]').first();
        await entry.waitFor();
        assert.match(
          await entry.locator(".audit-entry__text").innerText(),
          /corrected Ben's frame 1, ball 1 on Lane 1 from 2 standing \(7, 10\) to 1 standing \(7\): “The 10 fell late”/,
        );
        await checkPage(page, `audit log (${size})`);
        await page.screenshot({ path: shot(`audit-${size}`), fullPage: true });
      }
      await page.locator('select[name="action"]').selectOption("session.open");
      await page.locator('select[name="lane"]').selectOption("1");
      await page.locator('input[name="actor"]').fill("admin@");
      const filtered = page.waitForResponse((r) => r.url().includes("/api/audit?"));
      await page.getByRole("button", { name: "Filter" }).click();
      const res = await filtered;
      assert.match(res.url(), /action=session\.open/);
      assert.match(res.url(), /laneId=1/);
      await page.locator('[data-action="session.correct"]').waitFor({ state: "detached" });
      assert.ok(await page.locator('[data-action="session.open"]').count() >= 1);
      await checkPage(page, "filtered audit log (phone)");
      await page.screenshot({ path: shot("audit-filtered-phone"), fullPage: true });
    });

    await t.step(
      "no console page scrolls sideways on a phone: tables scroll inside themselves",
      async () => {
        await page.setViewportSize(PHONE);
        for (
          const path of [
            "/staff",
            "/staff/sessions",
            "/staff/users",
            "/staff/markets",
            "/staff/reviews",
            "/staff/ledger",
            "/staff/texts",
            "/staff/payments",
            "/staff/disputes",
            "/staff/withdrawals",
          ]
        ) {
          await page.goto(url(path));
          await page.locator(".page").first().waitFor();
          await page.waitForTimeout(600);
          assert.equal(await noSidewaysScroll(page), 0, `${path} scrolls sideways on a phone`);
          await page.screenshot({
            path: shot(`phone${path.replaceAll("/", "-")}`),
            fullPage: true,
          });
        }
      },
    );

    assert.deepEqual(pageErrors, []);
  },
});
