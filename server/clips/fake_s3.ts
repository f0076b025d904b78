/**
 * Test helper: a small S3-compatible server speaking the S3 REST API as the
 * official SDK uses it — path-style PUT, GET (with `Range`), HEAD and DELETE
 * of objects — and checking AWS Signature Version 4 like S3 does: header
 * signatures (payload hash included, `aws-chunked` bodies decoded) and
 * presigned query signatures with their expiry. Wrong key, tampered request,
 * expired URL → 403 with S3's XML error codes.
 *
 * @example
 * ```ts ignore
 * const s3 = await startFakeS3({ bucket: "clips" });
 * const store = createS3Store({ ...s3.options, bucket: "clips" });
 * await s3.close();
 * ```
 * @module
 */
import { parseByteRange } from "../../core/byte_range.ts";
import { type Bytes, checkSigV4, sha256, SigV4Refusal as S3Refusal } from "../aws/sigv4_check.ts";

export interface FakeS3 {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  objects: Map<string, { bytes: Bytes; contentType: string }>;
  /** Requests refused for their signature, by S3 error code. */
  refused: string[];
  close(): Promise<void>;
}

function xmlError(status: number, code: string, message: string): Response {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  return new Response(body, { status, headers: { "content-type": "application/xml" } });
}

/** The payload of an `aws-chunked` body (chunk-size[;ext]\r\n data\r\n … 0\r\n trailers). */
function decodeChunked(body: Bytes): Bytes {
  const parts: Bytes[] = [];
  let i = 0;
  const text = new TextDecoder("latin1");
  while (i < body.length) {
    const eol = body.indexOf(0x0d, i);
    const size = parseInt(text.decode(body.subarray(i, eol)).split(";")[0], 16);
    if (!Number.isFinite(size)) throw new S3Refusal(400, "IncompleteBody", "Bad chunk");
    if (size === 0) break;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

export function startFakeS3(
  options: { bucket: string; region?: string; now?: () => number },
): Promise<FakeS3> {
  const region = options.region ?? "us-east-1";
  const credentials = {
    accessKeyId: "FAKEACCESSKEY0000001",
    secretAccessKey: crypto.randomUUID().replaceAll("-", ""),
  };
  const objects = new Map<string, { bytes: Bytes; contentType: string }>();
  const refused: string[] = [];
  const now = options.now ?? Date.now;

  async function handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const body = new Uint8Array(await req.arrayBuffer());
    await checkSigV4(req, url, body, { service: "s3", region, ...credentials, now });
    const [, bucket, ...rest] = url.pathname.split("/");
    if (bucket !== options.bucket) throw new S3Refusal(404, "NoSuchBucket", "No such bucket");
    const key = decodeURIComponent(rest.join("/"));
    if (!key) throw new S3Refusal(400, "InvalidRequest", "Object key required");
    const found = objects.get(key);
    switch (req.method) {
      case "PUT": {
        const chunked = (req.headers.get("content-encoding") ?? "").includes("aws-chunked") ||
          (req.headers.get("x-amz-content-sha256") ?? "").startsWith("STREAMING-");
        const bytes = chunked ? decodeChunked(body) : body;
        objects.set(key, {
          bytes,
          contentType: req.headers.get("content-type") ?? "binary/octet-stream",
        });
        return new Response(null, {
          status: 200,
          headers: { etag: `"${(await sha256(bytes)).slice(0, 32)}"` },
        });
      }
      case "DELETE":
        objects.delete(key);
        return new Response(null, { status: 204 });
      case "GET":
      case "HEAD": {
        if (!found) throw new S3Refusal(404, "NoSuchKey", "The specified key does not exist");
        const size = found.bytes.length;
        const range = parseByteRange(req.headers.get("range"), size);
        if (range === "unsatisfiable") {
          return xmlError(416, "InvalidRange", "The requested range is not satisfiable");
        }
        const slice = range ? found.bytes.slice(range.start, range.end + 1) : found.bytes;
        const headers: Record<string, string> = {
          "content-type": found.contentType,
          "content-length": String(slice.length),
          "accept-ranges": "bytes",
        };
        if (range) headers["content-range"] = `bytes ${range.start}-${range.end}/${size}`;
        return new Response(req.method === "HEAD" ? null : slice, {
          status: range ? 206 : 200,
          headers,
        });
      }
      default:
        throw new S3Refusal(405, "MethodNotAllowed", "Not supported here");
    }
  }

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    try {
      return await handle(req);
    } catch (err) {
      if (err instanceof S3Refusal) {
        if (err.status === 403) refused.push(err.code);
        return xmlError(err.status, err.code, err.message);
      }
      return xmlError(500, "InternalError", String(err));
    }
  });
  return Promise.resolve({
    endpoint: `http://127.0.0.1:${server.addr.port}`,
    region,
    credentials,
    objects,
    refused,
    close: () => server.shutdown(),
  });
}
