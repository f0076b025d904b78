/**
 * Cuts a byte stream of raw frames (ffmpeg's `rawvideo` output) into frames
 * of exactly `frameBytes` each; a partial frame at the end is dropped. A
 * byte stream (a child process's stdout) is read straight into each frame's
 * buffer (no chunk copies); any other stream is copied chunk by chunk.
 *
 * `reuse` > 0: the frames' memory is recycled; a frame's bytes stay as they
 * are while the next `reuse` frames are taken, then its memory goes to the
 * one after and it reads as empty (for a consumer that keeps fewer frames
 * than that, such as one comparing each frame with the one before); 0:
 * every frame is a buffer of its own.
 */
export async function* rawFrames(
  stream: ReadableStream<Uint8Array>,
  frameBytes: number,
  reuse = 0,
): AsyncGenerator<Uint8Array> {
  let reader: ReadableStreamBYOBReader;
  try {
    reader = stream.getReader({ mode: "byob" });
  } catch {
    yield* copiedFrames(stream, frameBytes);
    return;
  }
  // A BYOB read hands each buffer back as a new one (the old is detached): the ring keeps those.
  const ring: ArrayBuffer[] = [];
  let taken = 0;
  try {
    while (true) {
      const slot = taken % (reuse + 1);
      let buffer = (reuse && ring[slot]) || new ArrayBuffer(frameBytes);
      let filled = 0;
      while (filled < frameBytes) {
        const { value, done } = await reader.read(
          new Uint8Array(buffer, filled, frameBytes - filled),
        );
        if (done || !value) return;
        buffer = value.buffer as ArrayBuffer;
        filled += value.byteLength;
      }
      if (reuse) ring[slot] = buffer;
      taken++;
      yield new Uint8Array(buffer);
    }
  } finally {
    reader.releaseLock();
  }
}

async function* copiedFrames(
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
