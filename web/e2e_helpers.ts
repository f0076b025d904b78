/**
 * Setup shared by the browser tests: a real Lanecast (server, SFU, simulator
 * with lane 1 simulated) started with {@linkcode ADMIN} as its admin, and one
 * headless Chromium page on it whose uncaught errors are collected.
 * Screenshots go to `SCREENSHOT_DIR`, else the test's default folder.
 */
import { join } from "node:path";
import { laneEventId } from "../core/lane_events.ts";
import type { Page } from "playwright-core";
import axe from "axe-core";
import { launchBrowser, type LaunchedBrowser } from "../tools/browser.ts";
import { type RunningSystem, startSystem } from "../tools/system.ts";

/** The admin the system is started with (`ADMIN_EMAIL` / `ADMIN_PASSWORD`). */
export const ADMIN = { email: "admin@alley.test", password: "admin password 0123" };
/** A small phone's viewport. */
export const PHONE = { width: 375, height: 812 };

export interface BrowserRun extends AsyncDisposable {
  system: RunningSystem;
  browser: LaunchedBrowser;
  /** The first tab, 1280×900. */
  page: Page;
  /** Uncaught errors of `page` (push other tabs' errors here too). */
  pageErrors: string[];
  /** An absolute URL on the system. */
  url(path: string): string;
  /** A screenshot file for `name`, in the screenshot folder. */
  shot(name: string): string;
}

/** Starts the system and the browser; disposing the run closes both. */
export async function startBrowserRun(
  options: {
    screenshotDir: string;
    shotPrefix: string;
    /** Give the pages Chromium's fake camera (tools/browser.ts `fakeMedia`). */
    fakeMedia?: boolean;
    /** More environment for the system (e.g. `OPEN_PLAY: "true"`). */
    env?: Record<string, string>;
  },
): Promise<BrowserRun> {
  const screenshotDir = Deno.env.get("SCREENSHOT_DIR") ?? options.screenshotDir;
  const system = await startSystem({
    lanes: 2,
    simLanes: 1,
    env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...options.env },
  });
  try {
    await Deno.mkdir(screenshotDir, { recursive: true });
    const browser = await launchBrowser({
      viewport: { width: 1280, height: 900 },
      fakeMedia: options.fakeMedia,
    });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    return {
      system,
      browser,
      page,
      pageErrors,
      url: (path) => new URL(path, system.url).href,
      shot: (name) => join(screenshotDir, `${options.shotPrefix}-${name}.png`),
      async [Symbol.asyncDispose]() {
        try {
          await browser.close();
        } finally {
          await system.stop();
        }
      },
    };
  } catch (error) {
    await system.stop();
    throw error;
  }
}

/** Signs in on the sign-in form at `url` (which may say where to go next). */
export async function signIn(page: Page, url: string, who: { email: string; password: string }) {
  await page.goto(url);
  await page.locator('input[name="email"]').fill(who.email);
  await page.locator('input[name="password"]').fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in through the API and answers the access token. */
export async function accessTokenOf(
  url: (path: string) => string,
  who: { email: string; password: string },
): Promise<string> {
  const res = await fetch(url("/api/auth/login"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(who),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  return (await res.json()).accessToken;
}

/** How far the page scrolls sideways (0 when it fits its viewport). */
export async function noSidewaysScroll(page: Page): Promise<number> {
  return await page.evaluate(() =>
    document.documentElement.scrollWidth - document.documentElement.clientWidth
  );
}

/** Options of a {@linkcode jsonCaller} call: a bearer token or key, a JSON body, a method. */
export interface CallOptions {
  token?: string;
  key?: string;
  body?: unknown;
  method?: string;
}

/**
 * A JSON API caller for the system at `url`: POST when there is a body, else
 * GET; asserts a 2xx answer and returns its JSON (undefined when empty).
 */
export function jsonCaller(url: (path: string) => string) {
  return async (path: string, o: CallOptions = {}) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (o.token ?? o.key) headers.authorization = `Bearer ${o.token ?? o.key}`;
    const res = await fetch(url(path), {
      method: o.method ?? (o.body === undefined ? "GET" : "POST"),
      headers,
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** A live lane event as the sidecar posts it to `POST /api/inference/events`. */
export function laneEventBody(
  laneId: string,
  type: "approach" | "release" | "pinfall" | "rack-ready",
  captureTimeMs: number,
) {
  return {
    id: laneEventId(laneId, type, captureTimeMs),
    laneId,
    type,
    captureTimeMs,
    confidence: 0.97,
    model: "e2e",
    models: { motion: "e2e" },
    ...(type === "rack-ready" ? { standing: 1023 } : {}),
  };
}

/** One accessibility rule a page breaks, as axe-core reports it (WCAG 2.x A and AA rules). */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** CSS selectors of the first few offending elements. */
  targets: string[];
}

/**
 * Runs axe-core in `page` against WCAG 2.0/2.1 A and AA (labels, names,
 * contrast, …) and returns what it finds; `[]` when the page passes.
 * `exclude` lists selectors axe should skip (e.g. a third party's widget).
 */
export async function axeViolations(
  page: Page,
  exclude: string[] = [],
): Promise<AxeViolation[]> {
  // Evaluated through the debugging protocol: the app's CSP forbids inline scripts.
  if (!await page.evaluate(() => "axe" in globalThis)) await page.evaluate(axe.source);
  return await page.evaluate(async (exclude) => {
    // deno-lint-ignore no-explicit-any
    const run = (globalThis as any).axe.run;
    const result = await run(
      { exclude: exclude.map((s) => [s]) },
      { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } },
    );
    // deno-lint-ignore no-explicit-any
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      // deno-lint-ignore no-explicit-any
      targets: v.nodes.slice(0, 5).map((n: any) => String(n.target)),
    }));
  }, exclude);
}
