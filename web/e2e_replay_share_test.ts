/**
 * Browser test of replays and sharing in headless Chromium against a real
 * Lanecast (server, SFU, simulator feeding lane 1). The sidecar's live
 * events (through the inference key) make the SFU play an instant replay:
 * the lane page must swap it in with its "Replay" badge and return to live.
 * The shot's stored clip plays again from the list of earlier balls; the
 * share dialog shows the link's QR code and sends it by SMS (held for staff
 * here: no Twilio account), and the link plays on a phone without an account.
 * Screenshots go to `SCREENSHOT_DIR` (default /tmp/lanecast-replay).
 */
import assert from "node:assert/strict";
import {
  ADMIN,
  jsonCaller,
  laneEventBody,
  noSidewaysScroll,
  PHONE,
  startBrowserRun,
} from "./e2e_helpers.ts";
import { hookPath, shotReport } from "./e2e_shot_report.ts";

const LANE = "1";

Deno.test({
  name: "the lane page shows an instant replay and returns to live; a shot is shared by QR and SMS",
  async fn(t) {
    await using run = await startBrowserRun({
      screenshotDir: "/tmp/lanecast-replay",
      shotPrefix: "replay",
    });
    const { page, pageErrors, shot, system, url, browser } = run;
    const call = jsonCaller(url);
    const laneEvent = (type: "release" | "pinfall", captureTimeMs: number) =>
      call("/api/inference/events", {
        key: system.inferenceKey,
        body: laneEventBody(LANE, type, captureTimeMs),
      });
    const admin = (await call("/api/auth/login", { body: ADMIN })).accessToken as string;
    const session = await call(`/api/lanes/${LANE}/sessions`, {
      token: admin,
      body: { bowlers: [{ name: "Ada" }] },
    });

    await t.step("a signed-in viewer watches the lane live", async () => {
      await page.goto(url("/login?next=/lanes/1"));
      await page.locator('input[name="email"]').fill(ADMIN.email);
      await page.locator('input[name="password"]').fill(ADMIN.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/lanes\/1$/, { timeout: 15_000 });
      await page.locator('.stage .pill[data-status="live"]').waitFor({ timeout: 30_000 });
      // Let the SFU's buffer fill past the window the replay asks for.
      await new Promise((r) => setTimeout(r, 6_000));
    });

    const shotId = `e2e-replay-${Date.now()}`;
    await t.step(
      "a pinfall plays the instant replay over live, with its badge and path",
      async () => {
        const releaseMs = Date.now() - 3_500;
        const pinfallMs = releaseMs + 2_400;
        await laneEvent("release", releaseMs);
        const report = shotReport(shotId, { standing: 0, pinConfidence: 0.99, mph: 17 });
        await call(`/api/inference/lanes/${LANE}/shots`, {
          key: system.inferenceKey,
          body: {
            ...report,
            events: [
              { type: "release", captureTimeMs: releaseMs, confidence: 0.97, model: "e2e" },
              { type: "pinfall", captureTimeMs: pinfallMs, confidence: 0.99, model: "e2e" },
            ],
            path: hookPath(releaseMs, 17),
          },
        });
        await laneEvent("pinfall", pinfallMs);
        const layer = page.locator('[data-testid="replay-layer"][data-kind="instant"]');
        await layer.waitFor({ timeout: 15_000 });
        assert.equal(await page.locator('[data-testid="replay-badge"]').innerText(), "REPLAY");
        await page.waitForFunction(
          () => {
            const v = document.querySelector<HTMLVideoElement>(".replay-layer video");
            return !!v && v.videoWidth > 0;
          },
          undefined,
          { timeout: 10_000 },
        );
        await page.screenshot({ path: shot("instant-desktop") });
      },
    );

    await t.step("after the replay the page is back to live", async () => {
      await page.locator('[data-testid="replay-layer"]').waitFor({
        state: "detached",
        timeout: 20_000,
      });
      await page.locator('.stage .pill[data-status="live"]').waitFor();
    });

    await t.step("an earlier ball plays again from its stored clip", async () => {
      const deadline = Date.now() + 30_000;
      let clip = await call(`/api/shots/${shotId}/clip`);
      while (clip.state === "pending" && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        clip = await call(`/api/shots/${shotId}/clip`);
      }
      assert.equal(clip.state, "ready", JSON.stringify(clip));
      const row = page.locator(`.earlier-shots__item[data-shot="${shotId}"]`);
      await row.getByRole("button", { name: "Replay" }).click();
      await page.locator('[data-testid="replay-layer"][data-kind="clip"]').waitFor();
      await page.waitForFunction(
        () => {
          const v = document.querySelector<HTMLVideoElement>(".replay-layer video");
          return !!v && v.readyState >= 2;
        },
        undefined,
        { timeout: 10_000 },
      );
      await page.locator('[data-testid="path-overlay"]').waitFor();
      await page.screenshot({ path: shot("clip-desktop") });
      // While the clip plays the player's own control offers to go live, and does.
      await page.locator('[data-testid="live-edge"][data-state="behind"]').waitFor();
      await page.getByRole("button", { name: "Go live" }).click();
      await page.locator('[data-testid="replay-layer"]').waitFor({ state: "detached" });
      await page.locator('[data-testid="live-edge"][data-state="live"]').waitFor();
    });

    let shareUrl = "";
    await t.step("the share dialog shows the link's QR code and sends it by SMS", async () => {
      const row = page.locator(`.earlier-shots__item[data-shot="${shotId}"]`);
      await row.getByRole("button", { name: "Share" }).click();
      const qr = page.locator('[data-testid="share-qr"]');
      await qr.waitFor();
      assert.ok((await qr.boundingBox())!.width >= 150, "the QR code is big enough to scan");
      shareUrl = await page.locator('[data-testid="share-url"]').inputValue();
      assert.match(shareUrl, /\/s\/[A-Za-z0-9_-]{43}$/);
      await page.screenshot({ path: shot("share-desktop") });

      await page.getByLabel("Your phone number").fill("+1 555 765 4321");
      await page.getByRole("button", { name: "Send code" }).click();
      const codeInput = page.getByLabel(/Code texted to/);
      await codeInput.waitFor();
      let code = "";
      for (let i = 0; i < 50 && !code; i++) {
        const texts = await call("/api/staff/sms", { token: admin });
        code = texts.find((x: { kind: string }) => x.kind === "phone_code")?.body.match(/\d{6}/)
          ?.[0] ?? "";
        if (!code) await new Promise((r) => setTimeout(r, 200));
      }
      assert.match(code, /^\d{6}$/, "the held code is readable by staff");
      await codeInput.fill(code);
      await page.getByRole("button", { name: "Verify" }).click();
      await page.getByRole("button", { name: "Text me the link" }).click();
      await page.locator(".share-dialog__sent", { hasText: "Sent to" }).waitFor();
      const texts = await call("/api/staff/sms", { token: admin });
      const sent = texts.find((x: { kind: string }) => x.kind === "share");
      assert.match(sent.body, /\/s\/[A-Za-z0-9_-]{43}$/);
      assert.match(sent.mediaUrl, /\/poster$/);
      await page.screenshot({ path: shot("share-sent-desktop") });
    });

    await t.step("on a phone, the dialog fits and the link plays without an account", async () => {
      await page.setViewportSize(PHONE);
      await page.screenshot({ path: shot("share-phone"), fullPage: false });
      assert.equal(await noSidewaysScroll(page), 0);
      await page.getByRole("button", { name: "Close" }).click();
      await page.screenshot({ path: shot("lane-phone"), fullPage: true });
      assert.equal(await noSidewaysScroll(page), 0);

      const phone = await browser.newPage();
      await phone.setViewportSize(PHONE);
      phone.on("pageerror", (error) => pageErrors.push(error.message));
      await phone.goto(shareUrl);
      await phone.waitForFunction(
        () => {
          const v = document.querySelector<HTMLVideoElement>("video");
          return !!v && v.readyState >= 2;
        },
        undefined,
        { timeout: 15_000 },
      );
      await phone.screenshot({ path: shot("share-page-phone") });
      await phone.close();
    });

    await t.step(
      "staff read held texts, keep the clip as a highlight and revoke its links",
      async () => {
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(url("/staff/texts"));
        await page.locator('.texts tr[data-kind="share"][data-state="held"]').waitFor();
        await page.screenshot({ path: shot("staff-texts-desktop") });
        await page.goto(url(`/staff/sessions/${session.id}`));
        const item = page.locator(`.session-clips li[data-shot="${shotId}"]`);
        await item.getByRole("button", { name: "Clip" }).click();
        const panel = item.locator('.shot-clip[data-state="ready"]');
        await panel.waitFor({ timeout: 10_000 });
        await panel.getByRole("button", { name: "☆ Keep as highlight" }).click();
        await panel.getByRole("button", { name: /Highlight \(kept\)/ }).waitFor();
        await panel.locator(".shot-clip__actions", { hasText: "2 live share links" }).waitFor();
        await item.scrollIntoViewIfNeeded();
        await page.screenshot({ path: shot("staff-session-desktop") });
        for (let left = 2; left > 0; left--) {
          await panel.getByRole("button", { name: "Revoke" }).first().click();
          await panel.locator(".shot-clip__actions", {
            hasText: `${left - 1} live share ${left - 1 === 1 ? "link" : "links"}`,
          }).waitFor();
        }
        const res = await fetch(shareUrl, { headers: { accept: "text/html" } });
        assert.equal(res.status, 410, "a revoked link no longer plays");
        await res.body?.cancel();
        const highlights = await call("/api/staff/highlights", { token: admin });
        assert.ok(highlights.some((h: { shotId: string }) => h.shotId === shotId));
      },
    );

    await t.step("staff cut a custom clip of the lane's last seconds", async () => {
      await page.goto(url(`/staff/lanes/${LANE}`));
      const form = page.locator('section[aria-label="Cut a clip"]');
      await form.locator('input[name="label"]').fill("Great spare");
      await form.getByRole("button", { name: "Cut clip" }).click();
      await form.getByRole("status").filter({ hasText: "Clip queued: Great spare" }).waitFor();
      const highlights = await call("/api/staff/highlights", { token: admin });
      assert.ok(highlights.some((h: { label: string | null }) => h.label === "Great spare"));
    });

    await t.step("the review queue shows a doubtful shot's clip", async () => {
      const doubtful = `e2e-review-${Date.now()}`;
      await call(`/api/inference/lanes/${LANE}/shots`, {
        key: system.inferenceKey,
        body: shotReport(doubtful, { standing: 0b1000000000, pinConfidence: 0.6, mph: 16 }),
      });
      await page.goto(url("/staff/reviews"));
      await page.locator(`.review[data-shot="${doubtful}"] .shot-clip`).waitFor({
        timeout: 10_000,
      });
      await page.screenshot({ path: shot("staff-review-desktop") });
      await page.setViewportSize(PHONE);
      await page.screenshot({ path: shot("staff-review-phone") });
      assert.equal(await noSidewaysScroll(page), 0);
    });

    assert.deepEqual(pageErrors, []);
  },
});
