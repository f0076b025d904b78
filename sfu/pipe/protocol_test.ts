import assert from "node:assert/strict";
import { encodeLine, MAX_PIPE_LINE, type PipeLine, readLines } from "./protocol.ts";

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
}

async function readAll(body: ReadableStream<Uint8Array>, maxLine?: number): Promise<PipeLine[]> {
  const out: PipeLine[] = [];
  for await (const line of readLines(body, maxLine)) out.push(line);
  return out;
}

Deno.test("the pipe's line reader yields lines split over chunks", async () => {
  const bytes = new Uint8Array([
    ...encodeLine({ type: "ping" }),
    ...encodeLine({ type: "transport", ip: "10.0.0.2", port: 4000 }),
  ]);
  const lines = await readAll(streamOf([bytes.slice(0, 5), bytes.slice(5, 20), bytes.slice(20)]));
  assert.deepEqual(lines, [{ type: "ping" }, { type: "transport", ip: "10.0.0.2", port: 4000 }]);
});

Deno.test("the pipe's line reader fails on a line past its cap instead of buffering it", async () => {
  const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
  // Never a newline: without the cap the reader would buffer all of it.
  const endless = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(chunk);
    },
  });
  await assert.rejects(readAll(endless), /longer than 65536 characters/);
  assert.equal(MAX_PIPE_LINE, 65536);
  // A complete line over the cap in one chunk is refused too.
  const long = new TextEncoder().encode(`{"type":"ping","pad":"${"y".repeat(200)}"}\n`);
  await assert.rejects(readAll(streamOf([long]), 100), /longer than 100/);
});
