/**
 * Builds the spectator app: bundles `web/main.tsx` into `web/dist/app.js`
 * with `deno bundle`, and writes `index.html` and `styles.css` beside it with
 * a content hash in their asset URLs so browsers never mix two builds.
 * `styles.css` is `web/styles.css` followed by every `web/styles/*.css` in
 * name order (one file per area of the app, so areas change apart).
 *
 * Files are built in a temporary folder and renamed into place, so a server
 * reading `web/dist/` meanwhile sees either the old build or the new one.
 *
 * @example
 * ```ts
 * import { buildWeb } from "./tools/build_web.ts";
 * const { version } = await buildWeb();
 * ```
 *
 * CLI: `deno run -A tools/build_web.ts [--watch] [--no-minify]`
 */
import { join, relative } from "node:path";

const ROOT = join(import.meta.dirname!, "..");

export interface BuildWebOptions {
  /** Folder with `main.tsx`, `index.html` and `styles.css`. Default: `<repo>/web`. */
  webDir?: string;
  /** Output folder. Default: `<webDir>/dist`. */
  outDir?: string;
  /** Default: true. */
  minify?: boolean;
  /** Write `app.js.map` and link it. Default: true. */
  sourcemap?: boolean;
}

export interface BuildWebResult {
  outDir: string;
  /** Content hash of this build, used as `?v=` in index.html. */
  version: string;
  /** Bytes of `app.js`. */
  bundleBytes: number;
  elapsedMs: number;
}

/** Builds the web app into `outDir`. Throws with the bundler's output when it fails. */
export async function buildWeb(options: BuildWebOptions = {}): Promise<BuildWebResult> {
  const started = performance.now();
  const webDir = options.webDir ?? join(ROOT, "web");
  const outDir = options.outDir ?? join(webDir, "dist");
  await Deno.mkdir(outDir, { recursive: true });
  const tmp = await Deno.makeTempDir({ dir: outDir, prefix: ".build-" });
  try {
    await bundle(join(webDir, "main.tsx"), join(tmp, "app.js"), options);
    const app = await Deno.readFile(join(tmp, "app.js"));
    const css = await readStyles(webDir);
    const html = await Deno.readTextFile(join(webDir, "index.html"));
    const version = await contentHash(app, css);
    await Deno.writeFile(join(tmp, "styles.css"), css);
    await Deno.writeTextFile(join(tmp, "index.html"), html.replaceAll("%VERSION%", version));

    // Assets first, index.html last: a page never links to files not yet in place.
    const names = ["app.js.map", "app.js", "styles.css", "index.html"];
    for (const name of names) {
      await Deno.rename(join(tmp, name), join(outDir, name)).catch((error) => {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      });
    }
    return {
      outDir,
      version,
      bundleBytes: app.byteLength,
      elapsedMs: Math.round(performance.now() - started),
    };
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

/** `styles.css`, then each `styles/*.css` by name, as one stylesheet. */
async function readStyles(webDir: string): Promise<Uint8Array> {
  const parts = [await Deno.readTextFile(join(webDir, "styles.css"))];
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(join(webDir, "styles"))) {
      if (entry.isFile && entry.name.endsWith(".css")) names.push(entry.name);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  for (const name of names.sort()) {
    parts.push(`/* styles/${name} */\n` + await Deno.readTextFile(join(webDir, "styles", name)));
  }
  return new TextEncoder().encode(parts.join("\n"));
}

async function bundle(entry: string, output: string, options: BuildWebOptions): Promise<void> {
  const args = [
    "bundle",
    "--quiet",
    "--config",
    join(ROOT, "deno.json"),
    "--platform=browser",
    ...(options.minify ?? true ? ["--minify"] : []),
    ...(options.sourcemap ?? true ? ["--sourcemap=linked"] : []),
    "-o",
    output,
    entry,
  ];
  const { success, code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!success) {
    const text = new TextDecoder().decode(stderr).trim() || new TextDecoder().decode(stdout).trim();
    throw new Error(`Cannot bundle "${relative(ROOT, entry)}" (exit ${code}):\n${text}`);
  }
}

async function contentHash(...parts: Uint8Array[]): Promise<string> {
  const all = new Uint8Array(parts.reduce((n, part) => n + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.byteLength;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return [...digest.slice(0, 6)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function main(args: string[]): Promise<void> {
  const options: BuildWebOptions = { minify: !args.includes("--no-minify") };
  const report = async () => {
    try {
      const result = await buildWeb(options);
      console.log(
        `built ${relative(Deno.cwd(), result.outDir) || "."} ` +
          `(app.js ${
            (result.bundleBytes / 1024).toFixed(0)
          } KiB, v=${result.version}, ${result.elapsedMs} ms)`,
      );
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      if (!args.includes("--watch")) Deno.exit(1);
    }
  };
  await report();
  if (!args.includes("--watch")) return;

  const webDir = join(ROOT, "web");
  const outDir = join(webDir, "dist");
  let timer: ReturnType<typeof setTimeout> | undefined;
  console.log("watching web/ for changes");
  for await (const event of Deno.watchFs([webDir, join(ROOT, "core")])) {
    if (event.paths.every((path) => path.startsWith(outDir))) continue;
    clearTimeout(timer);
    timer = setTimeout(report, 120);
  }
}

if (import.meta.main) await main(Deno.args);
