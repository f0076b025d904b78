/**
 * A tiny PNG encoder for I420 frames, for looking at simulator output
 * (snapshots, debugging). Uses `node:zlib` for deflate.
 */
import { deflateSync } from "node:zlib";
import { yuvToRgb } from "./color.ts";
import { frameViews } from "./raster.ts";

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** Encodes 8-bit RGB pixels (row-major, 3 bytes each) as a PNG file. */
export function encodePngRgb(rgb: Uint8Array, width: number, height: number): Uint8Array {
  const raw = new Uint8Array((width * 3 + 1) * height);
  for (let j = 0; j < height; j++) {
    raw[j * (width * 3 + 1)] = 0; // filter: none
    raw.set(rgb.subarray(j * width * 3, (j + 1) * width * 3), j * (width * 3 + 1) + 1);
  }
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", header),
    chunk("IDAT", new Uint8Array(deflateSync(raw))),
    chunk("IEND", new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) out.set(p, o), o += p.length;
  return out;
}

/** I420 frame → RGB bytes (BT.601 limited range). */
export function i420ToRgb(i420: Uint8Array, width: number, height: number): Uint8Array {
  const f = frameViews(i420, width, height);
  const rgb = new Uint8Array(width * height * 3);
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      const c = (j >> 1) * (width >> 1) + (i >> 1);
      const [r, g, b] = yuvToRgb(f.y[j * width + i], f.u[c], f.v[c]);
      const o = (j * width + i) * 3;
      rgb[o] = r, rgb[o + 1] = g, rgb[o + 2] = b;
    }
  }
  return rgb;
}

/** I420 frame → PNG file bytes. */
export function encodePngI420(i420: Uint8Array, width: number, height: number): Uint8Array {
  return encodePngRgb(i420ToRgb(i420, width, height), width, height);
}
