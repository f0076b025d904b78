/**
 * Headless Chromium for tests and screenshots, driven by playwright-core.
 *
 * Uses Debian's Chromium (`/usr/bin/chromium`; nothing is downloaded) with a
 * fresh temporary profile that {@linkcode LaunchedBrowser.close} removes.
 *
 * @example
 * ```ts
 * import { launchBrowser } from "./browser.ts";
 * await using browser = await launchBrowser();
 * const page = await browser.newPage();
 * await page.goto("http://127.0.0.1:8000/");
 * await page.screenshot({ path: "/tmp/grid.png" });
 * ```
 */
import { type BrowserContext, chromium, type Page } from "playwright-core";

/** Flags every Lanecast browser run needs on these machines. */
export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--autoplay-policy=no-user-gesture-required",
]);

/** Flags that give the page a fake camera and microphone without a prompt. */
export const FAKE_MEDIA_ARGS: readonly string[] = Object.freeze([
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
]);

export interface LaunchBrowserOptions {
  /** Chromium binary. Default: env `CHROMIUM_PATH`, else `/usr/bin/chromium`. */
  executablePath?: string;
  /** Viewport of new pages. Default: 1280×800. */
  viewport?: { width: number; height: number };
  /** Give pages a fake camera and microphone ({@linkcode FAKE_MEDIA_ARGS}). Default: false. */
  fakeMedia?: boolean;
  /** More Chromium flags, appended after the defaults. */
  args?: string[];
}

export interface LaunchedBrowser extends AsyncDisposable {
  /** The underlying playwright context (one profile, many pages). */
  readonly context: BrowserContext;
  /** Opens a new tab. */
  newPage(): Promise<Page>;
  /** Closes Chromium and removes its temporary profile. Safe to call twice. */
  close(): Promise<void>;
}

/** Starts headless Chromium with a fresh profile in a temporary folder. */
export async function launchBrowser(options: LaunchBrowserOptions = {}): Promise<LaunchedBrowser> {
  const executablePath = options.executablePath ?? Deno.env.get("CHROMIUM_PATH") ??
    "/usr/bin/chromium";
  const userDataDir = await Deno.makeTempDir({ prefix: "lanecast-chromium-" });
  const args = [
    ...CHROMIUM_ARGS,
    ...(options.fakeMedia ? FAKE_MEDIA_ARGS : []),
    ...(options.args ?? []),
  ];
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      permissions: options.fakeMedia ? ["camera", "microphone"] : [],
    });
  } catch (error) {
    await removeDir(userDataDir);
    throw error;
  }

  let closed: Promise<void> | undefined;
  const close = () =>
    closed ??= (async () => {
      try {
        await context.close();
      } finally {
        await removeDir(userDataDir);
      }
    })();

  return {
    context,
    newPage: () => context.newPage(),
    close,
    [Symbol.asyncDispose]: close,
  };
}

async function removeDir(path: string): Promise<void> {
  await Deno.remove(path, { recursive: true }).catch(() => {});
}
