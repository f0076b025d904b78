/**
 * `./lanecast test`: builds the web app, runs the whole suite (unit,
 * integration against PGlite and a real PostgreSQL, browser tests in
 * headless Chromium), and ends with one line `N passed, N failed`.
 */
import { buildWeb } from "./build_web.ts";

await buildWeb();
const args = ["test", "-A", ...Deno.args];
const child = new Deno.Command(Deno.execPath(), { args, stdout: "piped", stderr: "inherit" }).spawn();
let passed = 0, failed = 0, tail = "";
const decoder = new TextDecoderStream();
for await (const chunk of child.stdout.pipeThrough(decoder)) {
  await Deno.stdout.write(new TextEncoder().encode(chunk));
  tail = (tail + chunk).slice(-4000);
}
const { code } = await child.status;
// Deno's summary: "ok | 41 passed (3 steps) | 0 failed (12s)" or "FAILED | 40 passed | 1 failed (12s)".
// deno-lint-ignore no-control-regex
const plain = tail.replace(/\x1b\[[0-9;]*m/g, "");
const m = /(?:ok|FAILED) \| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/.exec(plain);
if (m) {
  passed = Number(m[1]);
  failed = Number(m[2]);
} else if (code !== 0) {
  failed = 1;
}
console.log(`\n${passed} passed, ${failed} failed`);
Deno.exit(code === 0 && failed === 0 ? 0 : 1);
