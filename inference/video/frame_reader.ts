/**
 * Cuts a byte stream of raw frames (ffmpeg's `rawvideo` output) into frames
 * of exactly `frameBytes` each; a partial frame at the end is dropped.
 */
export async function* rawFrames(
  stream: ReadableStream<Uint8Array>,
  frameBytes: number,
): AsyncGenerator<Uint8Array> {
  let frame = new Uint8Array(frameBytes);
  let filled = 0;
  for await (const chunk of stream) {
    let off = 0;
    while (off < chunk.length) {
      const n = Math.min(frameBytes - filled, chunk.length - off);
      frame.set(chunk.subarray(off, off + n), filled);
      filled += n;
      off += n;
      if (filled === frameBytes) {
        yield frame;
        frame = new Uint8Array(frameBytes);
        filled = 0;
      }
    }
  }
}
