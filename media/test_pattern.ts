/** A cheap moving I420 test pattern for tests and benchmarks that need frames but not a lane. */
export function testPattern(width: number, height: number): (frame: number) => Uint8Array {
  const buf = new Uint8Array(width * height * 3 / 2);
  buf.fill(128, width * height);
  return (frame) => {
    const shift = (frame * 4) % width;
    for (let y = 0; y < height; y++) {
      const row = y * width;
      for (let x = 0; x < width; x++) buf[row + x] = ((x + shift) >> 4) & 1 ? 200 : 40;
    }
    return buf;
  };
}
