import assert from "node:assert/strict";
import { DomainError } from "../../core/errors.ts";
import { multipartBoundary, receiveUpload } from "./multipart_upload.ts";

/** A multipart body as a browser sends it, re-chunked into `chunk`-byte pieces. */
async function form(parts: Record<string, string | Blob>, chunk = 7) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(parts)) {
    if (typeof v === "string") fd.append(k, v);
    else fd.append(k, v, "clip.mp4");
  }
  const req = new Request("http://x/", { method: "POST", body: fd });
  const bytes = new Uint8Array(await req.arrayBuffer());
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < bytes.length; i += chunk) c.enqueue(bytes.slice(i, i + chunk));
      c.close();
    },
  });
  return { body, type: req.headers.get("content-type")!, bytes };
}

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const payload = () => {
  const b = new Uint8Array(5000);
  for (let i = 0; i < b.length; i++) b[i] = (i * 31) % 256;
  b.set(new TextEncoder().encode("\r\n--"), 100); // looks like the start of a delimiter
  return b;
};

Deno.test("the file goes to disk byte for byte and the fields beside it are kept, whatever the chunking", async () => {
  for (const chunk of [1, 7, 4096]) {
    await withDir(async (dir) => {
      const data = payload();
      const { body, type } = await form({ laneId: "3", file: new Blob([data]) }, chunk);
      const up = await receiveUpload(body, type, { path: `${dir}/f`, maxBytes: 10_000 });
      assert.deepEqual(await Deno.readFile(`${dir}/f`), data);
      assert.equal(up.bytes, data.length);
      assert.equal(up.hadFile, true);
      assert.deepEqual(up.fields, { laneId: "3" });
      assert.deepEqual(up.head, data.slice(0, 64));
    });
  }
});

Deno.test("a file over the limit is refused as too large and its partial file removed", async () => {
  await withDir(async (dir) => {
    const { body, type } = await form({ file: new Blob([payload()]) });
    const err = await receiveUpload(body, type, { path: `${dir}/f`, maxBytes: 4000 }).catch((e) =>
      e
    );
    assert.ok(err instanceof DomainError);
    assert.equal(err.code, "video_too_large");
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  });
});

Deno.test("a body cut off before its closing boundary is malformed and leaves no file", async () => {
  await withDir(async (dir) => {
    const { type, bytes } = await form({ file: new Blob([payload()]) });
    const body = new Blob([bytes.slice(0, 3000)]).stream();
    const err = await receiveUpload(body, type, { path: `${dir}/f`, maxBytes: 10_000 }).catch((e) =>
      e
    );
    assert.equal(err.code, "malformed_body");
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  });
});

Deno.test("a body that is not multipart is refused before anything is written", async () => {
  await withDir(async (dir) => {
    const err = await receiveUpload(new Blob(["{}"]).stream(), "application/json", {
      path: `${dir}/f`,
      maxBytes: 10,
    }).catch((e) => e);
    assert.equal(err.code, "upload_not_multipart");
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  });
});

Deno.test("the boundary is read from a quoted or bare parameter", () => {
  assert.equal(multipartBoundary('multipart/form-data; boundary="a b"'), "a b");
  assert.equal(multipartBoundary("multipart/form-data; charset=utf-8; boundary=xyz"), "xyz");
  assert.equal(multipartBoundary("text/plain; boundary=xyz"), null);
  assert.equal(multipartBoundary(undefined), null);
});
