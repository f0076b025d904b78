import assert from "node:assert/strict";
import { rawFrames } from "./frame_reader.ts";

const FRAME = 10;

/** 3.5 frames of bytes 0, 1, 2, … in chunks of 7 (frames cross chunk ends), as a byte stream or not. */
function stream(bytes: boolean): ReadableStream<Uint8Array> {
  const all = Uint8Array.from({ length: 35 }, (_, i) => i);
  let off = 0;
  const pull = (c: ReadableStreamDefaultController<Uint8Array> | ReadableByteStreamController) => {
    if (off >= all.length) {
      c.close();
      // A byte stream's pending read of a given buffer ends only when that buffer is handed back.
      if ("byobRequest" in c) c.byobRequest?.respond(0);
      return;
    }
    c.enqueue(all.slice(off, off + 7));
    off += 7;
  };
  return bytes ? new ReadableStream({ type: "bytes", pull }) : new ReadableStream({ pull });
}

const expected = [0, 1, 2].map((k) => Array.from({ length: FRAME }, (_, i) => k * FRAME + i));

for (const bytes of [true, false]) {
  Deno.test(`rawFrames() cuts ${bytes ? "a byte" : "any other"} stream into whole frames and drops the partial one`, async () => {
    const got: number[][] = [];
    for await (const f of rawFrames(stream(bytes), FRAME)) got.push([...f]);
    assert.deepEqual(got, expected);
  });
}

Deno.test("rawFrames() with reuse recycles the frames' memory, keeping each frame intact while the next ones are taken", async () => {
  const frames: Uint8Array[] = [];
  for await (const f of rawFrames(stream(true), FRAME, 1)) {
    frames.push(f);
    if (frames.length >= 2) {
      assert.deepEqual([...frames.at(-2)!], expected[frames.length - 2], "the frame before");
    }
    assert.deepEqual([...f], expected[frames.length - 1]);
  }
  assert.equal(frames.length, 3);
  assert.equal(
    frames[0].length,
    0,
    "the third frame took the first's memory (the first is emptied)",
  );
});

Deno.test("rawFrames() reads a child process's output straight into frames", async () => {
  const child = new Deno.Command("head", {
    args: ["-c", String(FRAME * 1000 + 3), "/dev/zero"],
    stdout: "piped",
  }).spawn();
  let n = 0;
  for await (const f of rawFrames(child.stdout, FRAME, 2)) {
    assert.equal(f.length, FRAME);
    n++;
  }
  await child.status;
  assert.equal(n, 1000);
});
