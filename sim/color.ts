/** BT.601 limited-range colour conversion, as WebRTC and ffmpeg assume for I420. */

export type Yuv = readonly [number, number, number];

const clamp8 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** sRGB (0…255) → Y′CbCr (Y 16…235, Cb/Cr 16…240). */
export function rgbToYuv(r: number, g: number, b: number): Yuv {
  return [
    clamp8(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255),
    clamp8(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255),
    clamp8(128 + (112 * r - 93.786 * g - 18.214 * b) / 255),
  ];
}

/** Y′CbCr → sRGB (0…255), clamped. */
export function yuvToRgb(y: number, u: number, v: number): [number, number, number] {
  const c = 1.164383 * (y - 16);
  const d = u - 128;
  const e = v - 128;
  return [
    clamp8(c + 1.596027 * e),
    clamp8(c - 0.391762 * d - 0.812968 * e),
    clamp8(c + 2.017232 * d),
  ];
}

/** Scales a colour's brightness (keeps its hue). */
export function shade(rgb: readonly [number, number, number], k: number): [number, number, number] {
  return [rgb[0] * k, rgb[1] * k, rgb[2] * k];
}
