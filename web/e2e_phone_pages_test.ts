/**
 * No main page scrolls sideways on a 390 px phone (issue 16, "phones
 * first"): the lane grid, a lane with a game of four bowlers with long
 * names on its sheet, a lane that does not exist (a not-found page, not a
 * reconnecting player), sign-in, the bettor's money and bets pages, and every
 * page of the staff console, in headless Chromium at 390×844 against a real
 * Lanecast. A page that does is named with how far it scrolls and which
 * elements stick out. Screenshots go to `SCREENSHOT_DIR` (default
 * /tmp/phone-pages). Needs `web/dist` (`./lanecast deno task build:web`).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  ADMIN,
  axeViolations,
  jsonCaller,
  noSidewaysScroll,
  signIn,
  startBrowserRun,
} from "./e2e_helpers.ts";
import { signupConfirmed } from "../server/users/signup_client.ts";

const PHONE = { width: 390, height: 844 };
const BETTOR = { email: "phone@alley.test", password: "bettor password 0123", displayName: "Pat" };

/** Elements whose right edge passes the viewport's (the widest first), for the failure message. */
async function overflowing(page: Page): Promise<string[]> {
  return await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: [number, string][] = [];
    for (const el of document.body.querySelectorAll<HTMLElement>("*")) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && r.width > 0) {
        out.push([r.right, `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`]);
      }
    }
    return out.sort((a, b) => b[0] - a[0]).slice(0, 5).map(([r, s]) => `${s} (to ${r} px)`);
  });
}

Deno.test({
  name: "no main page scrolls sideways on a 390 px phone",
  async fn(t) {
    await using run = await startBrowserRun({
      screenshotDir: "/tmp/phone-pages",
      shotPrefix: "phone",
    });
    const { page, pageErrors, shot, url } = run;
    const call = jsonCaller(url);
    await page.setViewportSize(PHONE);
    const admin = await call("/api/auth/login", { body: ADMIN });
    const session = await call("/api/lanes/1/sessions", {
      token: admin.accessToken,
      body: {
        bowlers: [
          { name: "Bartholomew Featherstonehaugh" },
          { name: "Maximiliana Oyelaran-Whitcombe" },
          { name: "Jo" },
          { name: "Christopher Alexander" },
        ],
      },
    });
    for (const pinsStanding of [[], [7, 10], [], [], [1, 2, 3], []]) {
      await call(`/api/sessions/${session.id}/balls`, {
        token: admin.accessToken,
        body: { pinsStanding },
      });
    }
    const bettor = await signupConfirmed(url("/"), BETTOR, ADMIN);
    await call("/api/me/betting", {
      token: bettor.accessToken,
      body: { dateOfBirth: "1990-01-01", acceptTerms: true },
    });

    const wide: string[] = [];
    const inaccessible: string[] = [];
    const visit = async (path: string, name: string, ready: string) => {
      await page.goto(url(path));
      await page.locator(ready).first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(800); // the page's data and late layout (fonts, live data)
      await page.screenshot({ path: shot(name), fullPage: true });
      const scroll = await noSidewaysScroll(page);
      if (scroll > 0) {
        wide.push(`${path}: ${scroll} px wider: ${(await overflowing(page)).join(", ")}`);
      }
      for (const v of await axeViolations(page)) {
        inaccessible.push(`${path}: ${v.id} (${v.impact}): ${v.help} — ${v.targets.join(" | ")}`);
      }
    };

    await t.step("public pages", async () => {
      await visit("/", "grid", "main");
      await visit("/lanes/1", "lane", ".sheet--live");
      await page.locator(".sheet-card").screenshot({ path: shot("lane-sheet") });
      const sheet = await page.evaluate(() => {
        const wrap = document.querySelector<HTMLElement>(".sheet-wrap--live")!;
        const box = wrap.getBoundingClientRect();
        const edge = box.left + wrap.clientLeft + wrap.clientWidth;
        const names = [
          ...document.querySelectorAll<HTMLElement>(".sheet--live tbody .sheet__name"),
        ];
        return {
          // Anything of the sheet past the right edge of its card (half a pixel of rounding allowed).
          past: [...wrap.querySelectorAll<HTMLElement>("*")]
            .filter((e) => e.getBoundingClientRect().right > edge + 0.5)
            .map((e) => `${e.tagName.toLowerCase()}.${e.className}`)
            .slice(0, 5),
          cut: names.filter((n) => n.scrollWidth > n.clientWidth).map((n) => n.textContent),
          frames: document.querySelectorAll(".sheet--live tbody tr:first-child td.frame").length,
        };
      });
      assert.deepEqual(sheet, { past: [], cut: [], frames: 10 }, "the sheet fits a phone");
      await visit("/login", "login", 'input[name="email"]');
      await visit("/signup", "signup", 'input[name="email"]');
      await visit("/lanes/no-such-lane", "lane-not-found", '[data-testid="not-found"]');
      assert.equal(
        await page.locator("video").count(),
        0,
        "no player for a lane that is not there",
      );
    });

    await t.step("the bettor's pages", async () => {
      await signIn(page, url("/login?next=/wallet"), BETTOR);
      await page.locator(".money-page").waitFor({ timeout: 15_000 });
      for (const tab of ["", "/withdraw", "/limits", "/history"]) {
        await visit(`/wallet${tab}`, `wallet${tab.replace("/", "-")}`, ".money-page");
      }
      await visit("/bets", "bets", "main");
      await visit("/account", "account", ".account-page");
      await visit("/me/games", "my-games", "main h1");
      await page.evaluate(() => localStorage.clear());
    });

    await t.step("the staff console", async () => {
      await signIn(page, url("/login?next=/staff"), ADMIN);
      await page.locator(".staff-tabs").waitFor({ timeout: 15_000 });
      const pages = [
        "/staff",
        "/staff/lanes/1",
        `/staff/sessions/${session.id}`,
        "/staff/sessions",
        "/staff/markets",
        "/staff/reviews",
        "/staff/audit",
        "/staff/users",
        "/staff/ledger",
        "/staff/texts",
        "/staff/payments",
        "/staff/withdrawals",
        "/staff/disputes",
        "/staff/camera",
        "/staff/mail",
      ];
      for (const path of pages) {
        const name = path === pages[2] ? "-staff-session" : path.replaceAll("/", "-");
        await visit(path, `console${name}`, ".staff-tabs");
      }
    });

    assert.deepEqual(wide, [], `pages wider than a 390 px phone:\n${wide.join("\n")}`);
    assert.deepEqual(inaccessible, [], `axe-core (WCAG 2.x A/AA):\n${inaccessible.join("\n")}`);
    assert.deepEqual(pageErrors, []);
  },
});
