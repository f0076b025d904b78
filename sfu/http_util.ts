/** Edge helpers shared by the SFU's HTTP routes: the error boundary and bounded SDP bodies. */
import type { Context } from "hono";
import { HttpError, problem, problemResponse } from "../core/problem.ts";

export const MAX_SDP_BYTES = 64 * 1024;

/** The one error boundary: typed errors become problem+json, anything else a logged 500. */
export function onError(err: Error, c: Context): Response {
  if (err instanceof HttpError) {
    const headers: Record<string, string> = {};
    if (typeof err.extra.retryAfter === "number") headers["retry-after"] = String(err.extra.retryAfter);
    return problemResponse(problem(err.status, err.code, err.message, { instance: c.req.path }), headers);
  }
  console.error(`${c.req.method} ${c.req.path} failed`, err);
  return problemResponse(problem(500, "internal", "The SFU could not complete the request"));
}

/** Reads an `application/sdp` body of at most MAX_SDP_BYTES. */
export async function readSdpBody(c: Context): Promise<string> {
  const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/sdp") {
    throw new HttpError(415, "unsupported_media_type", `The body must be "application/sdp", not "${type || "nothing"}"`);
  }
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > MAX_SDP_BYTES) throw new HttpError(413, "too_large", `SDP bodies are limited to ${MAX_SDP_BYTES} bytes`);
  const reader = c.req.raw.body?.getReader();
  if (!reader) throw new HttpError(400, "bad_sdp", "The request has no SDP body");
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_SDP_BYTES) {
      await reader.cancel();
      throw new HttpError(413, "too_large", `SDP bodies are limited to ${MAX_SDP_BYTES} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let off = 0;
  for (const ch of chunks) {
    bytes.set(ch, off);
    off += ch.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, "bad_sdp", "The SDP body is not valid UTF-8");
  }
}
