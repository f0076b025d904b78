/**
 * `./lanecast test`: builds the web app, then runs every `*_test.ts` file in
 * its own `deno test` process (unit tests, integration tests against PGlite
 * and a real PostgreSQL, media tests through the real SFU, browser tests in
 * headless Chromium), and ends with one line `N passed, N failed`.
 *
 * One process per file: libwebrtc (@roamhq/wrtc) can crash while the process
 * tears down after its last test. A file whose every test reported a result
 * before such a crash counts by those results. A file killed by a signal
 * before that, with no test failed, runs once more and counts by the second
 * run (libwebrtc sometimes crashes while a test closes its peer
 * connections); any other early exit counts the unreported tests as failed.
 * The files are type-checked together first, as one more result.
 */
import { buildWeb } from "./build_web.ts";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const SKIP_DIRS = new Set(["node_modules", ".tools", ".git", "data", "dist"]);

async function findTests(dir: string, out: string[] = []): Promise<string[]> {
  for await (const e of Deno.readDir(dir)) {
    if (e.isDirectory && !SKIP_DIRS.has(e.name)) await findTests(`${dir}/${e.name}`, out);
    else if (e.isFile && e.name.endsWith("_test.ts")) {
      out.push(`${dir}/${e.name}`.slice(root.length + 1));
    }
  }
  return out.sort();
}

// deno-lint-ignore no-control-regex
const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

interface FileResult {
  file: string;
  expected: number;
  passed: number;
  failed: number;
  ignored: number;
  code: number;
}

/** Killed by a signal (exit code 128 + n) before every test reported, none failed. */
const crashedEarly = (r: FileResult) =>
  r.code > 128 && r.failed === 0 && r.passed + r.failed + r.ignored < r.expected;

async function runFile(file: string, extra: string[]): Promise<FileResult> {
  const first = await runFileOnce(file, extra);
  if (!crashedEarly(first)) return score(first);
  console.log(
    `(${file}: exit code ${first.code} before every test reported; running it once more)`,
  );
  return score(await runFileOnce(file, extra));
}

async function runFileOnce(file: string, extra: string[]): Promise<FileResult> {
  const child = new Deno.Command(Deno.execPath(), {
    // Type-checked once, all together, before any file runs (typeCheck below).
    args: ["test", "-A", "--no-check", ...extra, file],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const r: FileResult = { file, expected: 0, passed: 0, failed: 0, ignored: 0, code: 0 };
  const enc = new TextEncoder();
  const read = async (stream: ReadableStream<Uint8Array>, out: typeof Deno.stdout) => {
    let buf = "";
    for await (
      const chunk of stream.pipeThrough(
        new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>,
      )
    ) {
      await out.write(enc.encode(chunk));
      buf += chunk;
      const lines = buf.split("\n");
      buf = lines.pop() ?? "";
      for (const raw of lines) {
        const line = strip(raw);
        const running = /^running (\d+) tests? from /.exec(line);
        if (running) r.expected += Number(running[1]);
        // Top-level results only (steps are indented).
        const m = /^\S.* \.\.\. (ok|FAILED|ignored)(?: \(|$)/.exec(line);
        if (m) m[1] === "ok" ? r.passed++ : m[1] === "FAILED" ? r.failed++ : r.ignored++;
      }
    }
  };
  await Promise.all([read(child.stdout, Deno.stdout), read(child.stderr, Deno.stderr)]);
  r.code = (await child.status).code;
  return r;
}

/** Counts a file that exited non-zero without a failed test. */
function score(r: FileResult): FileResult {
  const { file } = r;
  const reported = r.passed + r.failed + r.ignored;
  if (r.code !== 0 && r.failed === 0) {
    if (reported === r.expected && r.expected > 0) {
      console.log(`(${file}: every test reported; exit code ${r.code} at teardown ignored)`);
    } else {
      r.failed += Math.max(1, r.expected - reported);
    }
  }
  return r;
}

/**
 * Type-checks every file to be run as one program: `deno test` would check
 * each file's graph again in its own process, which took most of CI's time
 * (about 7 s a file against 40 s for all of them at once). A type error
 * counts as one failure; the tests still run, so their results show too.
 */
async function typeCheck(files: string[]): Promise<FileResult> {
  const r: FileResult = {
    file: "(type check)",
    expected: 1,
    passed: 0,
    failed: 0,
    ignored: 0,
    code: 0,
  };
  const started = Date.now();
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["check", "--quiet", ...files],
    cwd: root,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  r.code = code;
  code === 0 ? r.passed++ : r.failed++;
  console.log(
    `type check of ${files.length} test files: ${code === 0 ? "ok" : "FAILED"} in ${
      ((Date.now() - started) / 1000).toFixed(0)
    } s`,
  );
  return r;
}

const extra = Deno.args.filter((a) => a.startsWith("-"));
const only = Deno.args.filter((a) => !a.startsWith("-"));
await buildWeb();
const files = only.length ? only : await findTests(root);
const started = Date.now();
const checked = await typeCheck(files);
const results: FileResult[] = [];
for (const file of files) results.push(await runFile(file, extra));

const all = [checked, ...results];
const sum = (k: "passed" | "failed" | "ignored") => all.reduce((n, r) => n + r[k], 0);
const failedFiles = all.filter((r) => r.failed > 0).map((r) => r.file);
console.log(`\n${files.length} test files in ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (failedFiles.length) console.log(`failed in: ${failedFiles.join(", ")}`);
const skipped = sum("ignored");
console.log(
  `${sum("passed")} passed, ${sum("failed")} failed${skipped ? `, ${skipped} skipped` : ""}`,
);
Deno.exit(sum("failed") === 0 ? 0 : 1);
