/**
 * Browser test of the review page's "Video resolutions" at 1440×900 and
 * 390×844 in headless Chromium against a real Lanecast on a real PostgreSQL:
 * a lane ball's suspended strike market, with bets on both sides, has a
 * video read waiting for staff (seeded in SQL: an analysis attached to the
 * ball and its resolution in `review`, as POST /api/resolve leaves an unsure
 * read). Staff see the market, the proposed outcome and how sure the video
 * is, confirm it, and the resolution leaves the list while the market is
 * determined and the ledger holds. Screenshots go to `SCREENSHOT_DIR`
 * (default /tmp/shots-video-review).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import postgres from "postgres";
import { createLedger } from "../../server/ledger/ledger.ts";
import { fund, makeBettors, placeBets } from "../../server/markets/settle_fixture.ts";
import { startTestPostgres } from "../../tools/postgres.ts";
import {
  accessTokenOf,
  ADMIN,
  axeViolations,
  jsonCaller,
  noSidewaysScroll,
  signIn,
  startBrowserRun,
} from "../e2e_helpers.ts";

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

async function checkPage(page: Page, name: string) {
  assert.deepEqual(await axeViolations(page), [], `${name}: accessibility`);
  assert.equal(await noSidewaysScroll(page), 0, `${name} scrolls sideways`);
}

Deno.test({
  name: "staff see a lane ball's unsure video read on the review page and confirm it",
  async fn(t) {
    const pg = await startTestPostgres();
    const sql = postgres(pg.url, { onnotice: () => {}, max: 2 });
    try {
      await using run = await startBrowserRun({
        screenshotDir: "/tmp/shots-video-review",
        shotPrefix: "video-review",
        env: { DATABASE_URL: pg.url },
      });
      const { page, pageErrors, shot, url } = run;
      await page.setViewportSize(DESKTOP);
      const token = await accessTokenOf(url, ADMIN);
      const call = jsonCaller(url);

      let marketId = "";
      let resolutionId = "";
      await t.step("a suspended strike market with bets has a video read waiting", async () => {
        // Lane 2 has no simulator: its first ball's markets open at once and stay as they are.
        const opened = await call("/api/lanes/2/sessions", {
          token,
          body: { bowlers: [{ name: "Ada" }] },
        });
        for (let i = 0; i < 150 && !marketId; i++) {
          const { markets } = await call("/api/markets?laneId=2&state=open", { token });
          marketId = markets.find((m: { kind: string }) => m.kind === "strike")?.id ?? "";
          if (!marketId) await new Promise((r) => setTimeout(r, 200));
        }
        assert.ok(marketId, "the lane's strike market opens");

        const ledger = createLedger({ currency: "USD" });
        const [a, b] = await makeBettors(sql, "video-review", 2);
        await fund(sql, ledger, [a, b], 10_000);
        await placeBets(sql, ledger, [
          { userId: a, marketId, outcome: "yes", stake: 300 },
          { userId: b, marketId, outcome: "no", stake: 700 },
        ]);
        await call(`/api/markets/${marketId}/suspend`, { token, body: {} });

        const bowlerId = opened.bowlers[0].id;
        const analysisId = crypto.randomUUID();
        const [admin] = await sql<{ id: string }[]>`
          select id from users where email = ${ADMIN.email}`;
        await sql`
          insert into video_analyses (id, user_id, lane_id, result, session_id, bowler_id, frame,
                                      ball)
          values (${analysisId}, ${admin.id}, '2', ${sql.json({ shots: [] })}, ${opened.id},
                  ${bowlerId}, 1, 1)`;
        const [row] = await sql<{ id: string }[]>`
          insert into video_resolutions (analysis_id, shot_index, kind, market_id, proposed,
                                         confidence, detected_at, state, created_by)
          values (${analysisId}, 0, 'strike', ${marketId}, 'yes', 0.82, 3.4, 'review',
                  ${admin.id})
          returning id`;
        resolutionId = row.id;
      });

      const item = () => page.locator(`[data-video-review="${resolutionId}"]`);

      await t.step("staff see the market, the video's read and how sure it is", async () => {
        await signIn(page, url("/login?next=/staff/reviews"), ADMIN);
        await page.waitForURL(url("/staff/reviews"));
        await item().waitFor();
        assert.equal(
          await page.getByRole("heading", { name: "Video resolutions" }).count(),
          1,
        );
        const text = await item().innerText();
        assert.match(text, /Lane 2/);
        assert.match(text, /Ada · frame 1, ball 1/);
        assert.match(text, /^Strike: the video reads Strike \(82 % sure, at 3\.4 s\)$/m);
        assert.ok(
          await item().getByRole("button", { name: "Confirm Strike" }).isVisible(),
          "confirm button",
        );
        await checkPage(page, "review page with a video resolution (desktop)");
        await page.screenshot({ path: shot("desktop"), fullPage: true });

        await page.setViewportSize(PHONE);
        await page.waitForTimeout(300);
        await checkPage(page, "review page with a video resolution (phone)");
        await page.screenshot({ path: shot("phone"), fullPage: true });
        // Every decision button is a touch target of at least 44 px on a phone.
        for (
          const box of await item().locator("button").evaluateAll((els) =>
            els.map((e) => e.getBoundingClientRect().height)
          )
        ) assert.ok(box >= 44, `a decision button is ${box} px high (touch targets ≥ 44 px)`);
        await page.setViewportSize(DESKTOP);
      });

      await t.step("confirming settles the market and the resolution leaves the list", async () => {
        await item().getByRole("button", { name: "Confirm Strike" }).click();
        await item().waitFor({ state: "detached" });
        assert.equal(
          await page.getByRole("heading", { name: "Video resolutions" }).count(),
          0,
          "an empty list shows no section",
        );
        const { market } = await call(`/api/markets/${marketId}`, { token });
        assert.ok(
          market.state === "determined" || market.state === "finalized",
          `market is ${market.state}`,
        );
        assert.equal(market.result, "yes");
        const [res] = await sql<{ state: string; result: string | null }[]>`
          select state, result from video_resolutions where id = ${resolutionId}`;
        assert.deepEqual({ ...res }, { state: "confirmed", result: "yes" });
        const { reviews } = await call("/api/markets/video-reviews", { token });
        assert.deepEqual(reviews, []);
        assert.deepEqual(await call("/api/admin/ledger/check", { token }), {
          ok: true,
          violations: [],
        });
        await page.reload();
        await page.locator('[data-testid="reviews-none"]').waitFor();
        assert.equal(await page.locator("[data-video-review]").count(), 0);
        await page.screenshot({ path: shot("after-confirm"), fullPage: true });
        assert.deepEqual(pageErrors, []);
      });
    } finally {
      await sql.end();
      await pg.stop();
    }
  },
});
