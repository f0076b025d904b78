/**
 * Receives a multipart/form-data upload as it streams in: the file field goes
 * straight to a new file on disk (never whole in memory) and stops at
 * `maxBytes`; the small text fields beside it are kept. Whatever fails, the
 * partial file is removed.
 *
 * @example
 * ```ts ignore
 * const up = await receiveUpload(req.body!, req.headers.get("content-type")!, {
 *   path: "/tmp/upload.part", maxBytes: 100 * 1024 * 1024,
 * });
 * console.log(up.bytes, up.fields.laneId);
 * ```
 * @module
 */
import { DomainError } from "../../core/errors.ts";

export interface UploadOptions {
  /** Where the file goes (created; must not exist). */
  path: string;
  maxBytes: number;
  /** The form field holding the file. */
  fileField?: string;
}

export interface ReceivedUpload {
  /** Bytes of the file written to `path` (0 when no file field came). */
  bytes: number;
  /** Whether the file field was present. */
  hadFile: boolean;
  /** The file's first bytes (up to 64), for sniffing its type. */
  head: Uint8Array;
  /** Text fields, each at most MAX_FIELD_BYTES. */
  fields: Record<string, string>;
}

const MAX_FIELD_BYTES = 1024;
const MAX_HEADER_BYTES = 8 * 1024;
const MAX_FIELDS = 8;
const HEAD_BYTES = 64;
const enc = new TextEncoder();
const CRLFCRLF = enc.encode("\r\n\r\n");

const malformed = (why: string) =>
  new DomainError("malformed_body", `Cannot read the upload: ${why}`);

/** The boundary of a multipart/form-data content type, or null. */
export function multipartBoundary(contentType: string | null | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return null;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : null;
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0];
  for (
    let i = hay.indexOf(first, from);
    i >= 0 && i <= hay.length - needle.length;
    i = hay.indexOf(first, i + 1)
  ) {
    let k = 1;
    while (k < needle.length && hay[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (!a.length) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

interface Part {
  name: string;
  isFile: boolean;
}

function parsePartHeaders(text: string): Part {
  const disposition = text.split("\r\n").find((l) => /^content-disposition:/i.test(l));
  const name = disposition && /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
  if (name === undefined || name === null) throw malformed("a part has no field name");
  return { name, isFile: /;\s*filename\*?=/i.test(disposition!) };
}

export async function receiveUpload(
  body: ReadableStream<Uint8Array>,
  contentType: string | null | undefined,
  options: UploadOptions,
): Promise<ReceivedUpload> {
  const boundary = multipartBoundary(contentType);
  if (!boundary) {
    throw new DomainError(
      "upload_not_multipart",
      'Send the video as multipart/form-data in the field "file"',
    );
  }
  const fileField = options.fileField ?? "file";
  const dash = enc.encode(`--${boundary}`);
  const delim = enc.encode(`\r\n--${boundary}`);
  const file = await Deno.open(options.path, { write: true, createNew: true, mode: 0o600 });
  const out: ReceivedUpload = { bytes: 0, hadFile: false, head: new Uint8Array(), fields: {} };
  let state = "preamble" as "preamble" | "after" | "headers" | "body" | "done";
  let part: Part | null = null;
  let field: Uint8Array = new Uint8Array();
  let buf: Uint8Array = new Uint8Array();

  async function emit(data: Uint8Array) {
    if (!data.length || !part) return;
    if (part.isFile && part.name === fileField) {
      out.bytes += data.length;
      if (out.bytes > options.maxBytes) {
        throw new DomainError(
          "video_too_large",
          `Videos are limited to ${options.maxBytes} bytes`,
          {
            maxBytes: options.maxBytes,
          },
        );
      }
      if (out.head.length < HEAD_BYTES) {
        out.head = concat(out.head, data.slice(0, HEAD_BYTES - out.head.length));
      }
      for (let off = 0; off < data.length;) off += await file.write(data.subarray(off));
    } else if (!part.isFile) {
      field = concat(field, data);
      if (field.length > MAX_FIELD_BYTES) {
        throw malformed(`the field "${part.name.slice(0, 40)}" is too long`);
      }
    }
  }

  function endPart() {
    if (!part) return;
    if (part.isFile && part.name === fileField) {
      if (out.hadFile) throw malformed(`more than one "${fileField}" was sent`);
      out.hadFile = true;
    } else if (!part.isFile) {
      if (Object.keys(out.fields).length >= MAX_FIELDS) throw malformed("too many fields");
      out.fields[part.name] = new TextDecoder().decode(field);
    }
    part = null;
    field = new Uint8Array();
  }

  /** Parses what `buf` holds; returns when it needs more bytes. */
  async function step() {
    for (;;) {
      if (state === "preamble") {
        const i = indexOf(buf, dash);
        if (i < 0) {
          if (buf.length > MAX_HEADER_BYTES) throw malformed("no boundary found");
          return;
        }
        buf = buf.subarray(i + dash.length);
        state = "after";
      } else if (state === "after") {
        if (buf.length < 2) return;
        if (buf[0] === 0x2d && buf[1] === 0x2d) {
          state = "done";
          return;
        }
        if (buf[0] !== 0x0d || buf[1] !== 0x0a) {
          throw malformed("a boundary is not followed by a line end");
        }
        buf = buf.subarray(2);
        state = "headers";
      } else if (state === "headers") {
        const i = indexOf(buf, CRLFCRLF);
        if (i < 0) {
          if (buf.length > MAX_HEADER_BYTES) throw malformed("a part's headers are too long");
          return;
        }
        part = parsePartHeaders(new TextDecoder().decode(buf.subarray(0, i)));
        buf = buf.subarray(i + CRLFCRLF.length);
        state = "body";
      } else if (state === "body") {
        const i = indexOf(buf, delim);
        if (i >= 0) {
          await emit(buf.subarray(0, i));
          endPart();
          buf = buf.subarray(i + delim.length);
          state = "after";
          continue;
        }
        const keep = delim.length - 1;
        if (buf.length > keep) {
          await emit(buf.subarray(0, buf.length - keep));
          buf = buf.subarray(buf.length - keep);
        }
        return;
      } else return;
    }
  }

  try {
    const reader = body.getReader();
    try {
      while (state !== "done") {
        const { value, done } = await reader.read();
        if (done) break;
        buf = concat(buf, value);
        await step();
      }
    } finally {
      await reader.cancel().catch(() => {});
    }
    if (state !== "done") throw malformed("the body ended before its closing boundary");
    file.close();
    return out;
  } catch (err) {
    try {
      file.close();
    } catch { /* closed already */ }
    await Deno.remove(options.path).catch(() => {});
    throw err;
  }
}
