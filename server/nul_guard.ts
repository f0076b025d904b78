/**
 * PostgreSQL text cannot hold the NUL character, so a NUL anywhere in a query
 * string or a JSON body would reach the database as an error. This middleware
 * refuses such requests up front with a 400 problem instead.
 */
import { createMiddleware } from "hono/factory";
import { DomainError } from "../core/problem.ts";

const NUL_ERROR = () => new DomainError("nul_character", "Text may not contain the NUL character (U+0000)");

export const rejectNul = createMiddleware(async (c, next) => {
  const url = c.req.url;
  const q = url.indexOf("?");
  if (q >= 0 && /%00/.test(url.slice(q))) throw NUL_ERROR();
  if (/%00/.test(c.req.path) || c.req.path.includes("\0")) throw NUL_ERROR();
  if (/json/i.test(c.req.header("content-type") ?? "")) {
    // Hono caches the body, so the validator reads the same text again.
    const text = await c.req.text();
    if (text.includes("\0") || (text.includes("\\u0000") && hasNul(tryParse(text)))) throw NUL_ERROR();
  }
  await next();
});

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // the validator reports malformed JSON
  }
}

function hasNul(v: unknown): boolean {
  if (typeof v === "string") return v.includes("\0");
  if (Array.isArray(v)) return v.some(hasNul);
  if (v && typeof v === "object") return Object.entries(v).some(([k, x]) => k.includes("\0") || hasNul(x));
  return false;
}
