/**
 * `GET /media/clips/{name}?exp=&sig=`: the local clip store's files, for
 * whoever holds a signed URL the API handed out (an expired or tampered one
 * is 403 problem+json). Single byte ranges (206, 416 past the end) so a
 * browser can seek. With an S3 store there is nothing here (S3 serves its
 * presigned URLs itself).
 */
import { Hono } from "hono";
import { parseByteRange } from "../../core/byte_range.ts";
import { DomainError } from "../../core/errors.ts";
import type { LocalClipStore } from "../clips/store.ts";
import { contentTypeOf } from "../clips/store.ts";
import type { AppDeps } from "../context.ts";
import { domainProblem } from "../errors.ts";

export function mediaRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const serve = async (c: import("hono").Context) => {
    const store = deps.clips?.store;
    const name = c.req.param("name") ?? "";
    if (store?.kind !== "local") throw new DomainError("not_found", `Cannot find "${c.req.path}"`);
    const local = store as LocalClipStore;
    await local.signer.verify(name, c.req.query("exp"), c.req.query("sig"));
    const file = await local.pathOf(name);
    if (!file) {
      throw new DomainError("unknown_clip_file", `Cannot find clip file "${name.slice(0, 80)}"`);
    }
    const range = parseByteRange(c.req.header("range"), file.size);
    const headers: Record<string, string> = {
      "accept-ranges": "bytes",
      "content-type": contentTypeOf(name),
      // Signed URLs are per person and expire: no shared caches.
      "cache-control": "private, max-age=300",
    };
    if (range === "unsatisfiable") {
      const res = domainProblem(
        new DomainError("range_not_satisfiable", `The clip has ${file.size} bytes`),
        c.req.path,
      );
      res.headers.set("content-range", `bytes */${file.size}`);
      return res;
    }
    const start = range?.start ?? 0;
    const length = range ? range.end - range.start + 1 : file.size;
    headers["content-length"] = String(length);
    if (range) headers["content-range"] = `bytes ${range.start}-${range.end}/${file.size}`;
    const status = range ? 206 : 200;
    if (c.req.method === "HEAD") return new Response(null, { status, headers });
    return new Response(await readSlice(file.path, start, length), { status, headers });
  };
  app.on(["GET", "HEAD"], "/media/clips/:name", serve);
  return app;
}

/** `length` bytes of the file from `start`, streamed. */
async function readSlice(
  path: string,
  start: number,
  length: number,
): Promise<ReadableStream<Uint8Array>> {
  const file = await Deno.open(path, { read: true });
  await file.seek(start, Deno.SeekMode.Start);
  let left = length;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (left <= 0) {
        file.close();
        controller.close();
        return;
      }
      const buf = new Uint8Array(Math.min(64 * 1024, left));
      const n = await file.read(buf);
      if (n === null) {
        file.close();
        controller.close();
        return;
      }
      left -= n;
      controller.enqueue(buf.subarray(0, n));
    },
    cancel() {
      file.close();
    },
  });
}
