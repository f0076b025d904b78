/**
 * The libsrtp2 that `./lanecast setup` builds on OpenSSL from Debian's source
 * package (docs/benchmarks.md, "Where an encrypted viewer's time goes") can
 * stand in for Debian's: it exports every symbol Debian's does, does its
 * crypto through OpenSSL and not NSS, and a worker started from a process
 * the wrapper launched loads it. Skipped where setup could not build it (no
 * Debian source package reachable); the worker test also with LANECAST_SRTP=debian.
 */
import assert from "node:assert/strict";
import { createWorker } from "./mediasoup.ts";

const dir = new URL("../.tools/libsrtp2-openssl/", import.meta.url).pathname;
const built = (() => {
  try {
    return [...Deno.readDirSync(dir)].some((e) => e.name.startsWith("built-from-"));
  } catch {
    return false;
  }
})();
/** Where setup built it, the wrapper hands it to every process it starts (unless told not to). */
const inUse = built && Deno.env.get("LANECAST_SRTP") !== "debian";

async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "null" }).output();
  assert.ok(out.success, `${cmd} ${args.join(" ")}`);
  return new TextDecoder().decode(out.stdout);
}

/** The library ld.so finds for `name` with no LD_LIBRARY_PATH: Debian's. */
async function systemLibrary(name: string): Promise<string> {
  const out = await run("/sbin/ldconfig", ["-p"]);
  const m = new RegExp(`\\s${name.replace(/\./g, "\\.")} \\(libc6,x86-64\\) => (\\S+)`).exec(out);
  assert.ok(m, `ldconfig knows no ${name}`);
  return m[1];
}

const exported = async (lib: string) =>
  new Set(
    (await run("nm", ["-D", "--defined-only", lib])).split("\n").map((l) => l.split(" ")[2])
      .filter(Boolean),
  );

Deno.test({
  name: "the OpenSSL libsrtp2 exports every symbol of Debian's and links OpenSSL, not NSS",
  ignore: !built,
  fn: async () => {
    const ours = `${dir}libsrtp2.so.1`;
    const debian = await systemLibrary("libsrtp2.so.1");
    const theirs = [...await exported(debian)];
    const have = await exported(ours);
    assert.ok(theirs.length > 100);
    assert.deepEqual(theirs.filter((s) => !have.has(s)), []);
    const needed = await run("readelf", ["-d", ours]);
    assert.match(needed, /NEEDED.*\[libcrypto\.so\.3\]/);
    assert.doesNotMatch(needed, /libnss3|libsoftokn3/);
  },
});

Deno.test({
  name: "a worker started under ./lanecast loads the OpenSSL libsrtp2",
  ignore: !inUse,
  fn: async () => {
    const worker = await createWorker({ logLevel: "warn", rtcMinPort: 45000, rtcMaxPort: 45099 });
    try {
      const maps = await Deno.readTextFile(`/proc/${worker.pid}/maps`);
      const srtp = new Set([...maps.matchAll(/\s(\/\S*libsrtp2\.so\S*)/g)].map((m) => m[1]));
      assert.deepEqual([...srtp], [Deno.realPathSync(`${dir}libsrtp2.so.1`)]);
    } finally {
      worker.close();
    }
  },
});
