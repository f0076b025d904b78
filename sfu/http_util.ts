/** Edge helpers shared by the SFU's HTTP routes: the error boundary and bounded SDP bodies. */
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { z } from "zod";
import { DomainError, errorStatus, problem, problemResponse } from "../core/problem.ts";

export const MAX_SDP_BYTES = 64 * 1024;

/** The one error boundary: typed errors become problem+json, anything else a logged 500. */
export function onError(err: Error, c: Context): Response {
  if (err instanceof DomainError) {
    const headers: Record<string, string> = {};
    if (err.retryAfter !== undefined) headers["retry-after"] = String(err.retryAfter);
    return problemResponse(
      problem(errorStatus(err), err.code, err.message, { instance: c.req.path }),
      headers,
    );
  }
  console.error(`${c.req.method} ${c.req.path} failed`, err);
  return problemResponse(problem(500, "internal", "The SFU could not complete the request"));
}

/** Refuses bodies over MAX_SDP_BYTES before they are read (Hono's body limit, as the server uses). */
export const sdpBodyLimit = bodyLimit({
  maxSize: MAX_SDP_BYTES,
  onError: () => {
    throw new DomainError("too_large", `SDP bodies are limited to ${MAX_SDP_BYTES} bytes`);
  },
});

/** Reads an `application/sdp` body (size already bounded by `sdpBodyLimit`). */
export async function readSdpBody(c: Context): Promise<string> {
  const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/sdp") {
    throw new DomainError(
      "unsupported_media_type",
      `The body must be "application/sdp", not "${type || "nothing"}"`,
    );
  }
  return await c.req.text();
}

/** Validates request data (a JSON body or a signaling message) against `schema`; `bad_request` names the first bad field. */
export function parseData<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new DomainError(
      "bad_request",
      `Invalid "${issue.path.join(".") || "data"}": ${issue.message}`,
    );
  }
  return result.data;
}

/** The request's JSON body; `bad_json` when it is not JSON. */
export async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new DomainError("bad_json", "The body is not valid JSON");
  }
}
