import assert from "node:assert/strict";
import { createPrng } from "../core/prng.ts";
import { yuvToRgb } from "./color.ts";
import { i420Size } from "./raster.ts";
import { readStamp, readStampRgba, stampArea, stampTime } from "./stamp.ts";
import { createLaneSim } from "./render.ts";

const MS = 1_763_712_345_678;

function noisyFrame(w: number, h: number, seed: number): Uint8Array {
  const rng = createPrng(seed);
  const f = new Uint8Array(i420Size(w, h));
  for (let i = 0; i < f.length; i++) f[i] = rng.int(0, 255);
  return f;
}

function addNoise(f: Uint8Array, w: number, h: number, sd: number, seed: number): void {
  const rng = createPrng(seed, 1);
  for (let i = 0; i < w * h; i++) {
    f[i] = Math.max(0, Math.min(255, Math.round(f[i] + rng.normal(0, sd))));
  }
}

function boxBlur(f: Uint8Array, w: number, h: number): void {
  const src = f.slice(0, w * h);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      let s = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) s += src[(y + dy) * w + x + dx];
      }
      f[y * w + x] = Math.round(s / 9);
    }
  }
}

function toRgba(f: Uint8Array, w: number, h: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = (y >> 1) * (w >> 1) + (x >> 1);
      const [r, g, b] = yuvToRgb(f[y * w + x], f[w * h + c], f[w * h + (w * h) / 4 + c]);
      out.set([r, g, b, 255], (y * w + x) * 4);
    }
  }
  return out;
}

Deno.test("stampTime() and readStamp() round-trip through noise and blur", () => {
  for (const [w, h] of [[640, 360], [1280, 720], [320, 180]]) {
    for (let k = 0; k < 5; k++) {
      const ms = MS + k * 33_333;
      const f = noisyFrame(w, h, k);
      stampTime(f, w, h, ms);
      assert.equal(readStamp(f, w, h), ms);
      addNoise(f, w, h, 25, k);
      boxBlur(f, w, h);
      assert.equal(readStamp(f, w, h), ms, `${w}x${h} after noise and blur`);
    }
  }
});

Deno.test("readStampRgba() reads the stamp from canvas pixels", () => {
  const [w, h] = [640, 360];
  const f = noisyFrame(w, h, 3);
  stampTime(f, w, h, MS);
  addNoise(f, w, h, 20, 3);
  assert.equal(readStampRgba(toRgba(f, w, h), w, h), MS);
});

Deno.test("readStamp() returns null for frames without a valid stamp", () => {
  const [w, h] = [640, 360];
  assert.equal(readStamp(new Uint8Array(i420Size(w, h)), w, h), null);
  assert.equal(readStamp(new Uint8Array(i420Size(w, h)).fill(255), w, h), null);
  for (let k = 0; k < 20; k++) assert.equal(readStamp(noisyFrame(w, h, 100 + k), w, h), null);
  // A single flipped block breaks the check bits.
  const f = new Uint8Array(i420Size(w, h));
  stampTime(f, w, h, MS);
  for (let y = 0; y < 8; y++) for (let x = 8; x < 16; x++) f[y * w + x] = 251 - f[y * w + x];
  assert.equal(readStamp(f, w, h), null);
  assert.equal(readStamp(new Uint8Array(10), w, h), null);
});

Deno.test("stampTime() only touches the corner and rejects times it cannot hold", () => {
  const [w, h] = [640, 360];
  const f = new Uint8Array(i420Size(w, h)).fill(77);
  stampTime(f, w, h, MS);
  const area = stampArea(h);
  assert.deepEqual(area, { width: 128, height: 32 });
  assert.equal(f[area.height * w + 5], 77);
  assert.equal(f[5 * w + area.width], 77);
  assert.throws(() => stampTime(f, w, h, -1), RangeError);
  assert.throws(() => stampTime(f, w, h, 2 ** 48), RangeError);
});

async function hasFfmpeg(): Promise<boolean> {
  try {
    return (await new Deno.Command("ffmpeg", { args: ["-version"], stdout: "null", stderr: "null" })
      .output()).success;
  } catch {
    return false;
  }
}

Deno.test({
  name: "stamps survive a VP8 encode and decode of rendered lane frames",
  ignore: !(await hasFfmpeg()),
  fn: async () => {
    for (const [w, h, kbps] of [[640, 360, 300], [1280, 720, 800]]) {
      const sim = createLaneSim({ seed: 5, width: w, height: h });
      const frames = 20;
      const raw = new Uint8Array(sim.frameSize * frames);
      for (let i = 0; i < frames; i++) {
        const f = raw.subarray(i * sim.frameSize, (i + 1) * sim.frameSize);
        sim.renderFrame(100 + i, f);
        stampTime(f, w, h, MS + i * 33);
      }
      const dir = await Deno.makeTempDir();
      try {
        await Deno.writeFile(`${dir}/in.yuv`, raw);
        const size = `${w}x${h}`;
        const run = (args: string[]) =>
          new Deno.Command("ffmpeg", { args, stdout: "null", stderr: "piped" }).output();
        const enc = await run([
          "-loglevel",
          "error",
          "-f",
          "rawvideo",
          "-pix_fmt",
          "yuv420p",
          "-s",
          size,
          "-r",
          "30",
          "-i",
          `${dir}/in.yuv`,
          "-c:v",
          "libvpx",
          "-b:v",
          `${kbps}k`,
          "-deadline",
          "realtime",
          "-cpu-used",
          "8",
          `${dir}/out.webm`,
        ]);
        assert.ok(enc.success, new TextDecoder().decode(enc.stderr));
        const dec = await run([
          "-loglevel",
          "error",
          "-i",
          `${dir}/out.webm`,
          "-f",
          "rawvideo",
          "-pix_fmt",
          "yuv420p",
          `${dir}/out.yuv`,
        ]);
        assert.ok(dec.success, new TextDecoder().decode(dec.stderr));
        const out = await Deno.readFile(`${dir}/out.yuv`);
        let read = 0;
        for (let i = 0; i < frames; i++) {
          const got = readStamp(out.subarray(i * sim.frameSize, (i + 1) * sim.frameSize), w, h);
          if (got !== null) {
            assert.equal(got, MS + i * 33);
            read++;
          }
        }
        assert.ok(read >= frames - 1, `${read}/${frames} stamps read at ${size} ${kbps} kbps`);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    }
  },
});
