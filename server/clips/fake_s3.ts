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

export interface FakeS3 {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  objects: Map<string, { bytes: Bytes; contentType: string }>;
  /** Requests refused for their signature, by S3 error code. */
  refused: string[];
  close(): Promise<void>;
}

type Bytes = Uint8Array<ArrayBuffer>;
const enc = new TextEncoder();
const hex = (b: ArrayBuffer | Uint8Array) =>
  [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");
const sha256 = async (data: Bytes | string) =>
  hex(await crypto.subtle.digest("SHA-256", typeof data === "string" ? enc.encode(data) : data));

async function hmac(key: Bytes | string, data: string): Promise<Bytes> {
  const k = await crypto.subtle.importKey(
    "raw",
    typeof key === "string" ? enc.encode(key) : key,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", k, enc.encode(data)));
}

/** RFC 3986 encoding as SigV4 wants it (unreserved characters kept). */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

class S3Refusal extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

function xmlError(status: number, code: string, message: string): Response {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  return new Response(body, { status, headers: { "content-type": "application/xml" } });
}

interface SigParts {
  credential: string;
  signedHeaders: string;
  signature: string;
  amzDate: string;
  payloadHash: string;
  expiresS: number | null;
}

function sigParts(req: Request, url: URL): SigParts {
  const q = url.searchParams;
  if (q.get("X-Amz-Algorithm")) {
    if (q.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256") {
      throw new S3Refusal(400, "AuthorizationQueryParametersError", "Unsupported algorithm");
    }
    return {
      credential: q.get("X-Amz-Credential") ?? "",
      signedHeaders: q.get("X-Amz-SignedHeaders") ?? "",
      signature: q.get("X-Amz-Signature") ?? "",
      amzDate: q.get("X-Amz-Date") ?? "",
      payloadHash: "UNSIGNED-PAYLOAD",
      expiresS: Number(q.get("X-Amz-Expires") ?? "NaN"),
    };
  }
  const auth = req.headers.get("authorization") ?? "";
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/
      .exec(auth);
  if (!m) throw new S3Refusal(403, "AccessDenied", "Missing or malformed Authorization");
  return {
    credential: m[1],
    signedHeaders: m[2],
    signature: m[3],
    amzDate: req.headers.get("x-amz-date") ?? "",
    payloadHash: req.headers.get("x-amz-content-sha256") ?? "",
    expiresS: null,
  };
}

/** The AWS date "20250101T000000Z" as epoch ms. */
function amzTime(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

async function checkSignature(
  req: Request,
  url: URL,
  body: Bytes,
  s3: { region: string; accessKeyId: string; secretAccessKey: string; now: () => number },
): Promise<void> {
  const p = sigParts(req, url);
  const [akid, date, region, service, term] = p.credential.split("/");
  if (akid !== s3.accessKeyId) throw new S3Refusal(403, "InvalidAccessKeyId", "Unknown access key");
  if (region !== s3.region || service !== "s3" || term !== "aws4_request") {
    throw new S3Refusal(403, "AuthorizationHeaderMalformed", "Bad credential scope");
  }
  const at = amzTime(p.amzDate);
  if (!Number.isFinite(at) || !p.amzDate.startsWith(date)) {
    throw new S3Refusal(403, "AccessDenied", "Bad X-Amz-Date");
  }
  if (p.expiresS !== null) {
    if (!(p.expiresS >= 1 && p.expiresS <= 604800)) {
      throw new S3Refusal(403, "AuthorizationQueryParametersError", "Bad X-Amz-Expires");
    }
    if (s3.now() > at + p.expiresS * 1000) {
      throw new S3Refusal(403, "AccessDenied", "Request has expired");
    }
  } else if (Math.abs(s3.now() - at) > 15 * 60_000) {
    throw new S3Refusal(
      403,
      "RequestTimeTooSkewed",
      "The request time is too far from the server's",
    );
  }
  const signed = p.signedHeaders.split(";");
  if (!signed.includes("host")) throw new S3Refusal(403, "AccessDenied", "host must be signed");
  const headers = signed.map((h) =>
    `${h}:${(req.headers.get(h) ?? "").trim().replace(/\s+/g, " ")}\n`
  )
    .join("");
  const query = [...url.searchParams.entries()]
    .filter(([k]) => k !== "X-Amz-Signature")
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const canonical = [req.method, url.pathname, query, headers, p.signedHeaders, p.payloadHash]
    .join("\n");
  const scope = `${date}/${region}/s3/aws4_request`;
  const toSign = `AWS4-HMAC-SHA256\n${p.amzDate}\n${scope}\n${await sha256(canonical)}`;
  let key = await hmac(`AWS4${s3.secretAccessKey}`, date);
  for (const part of [region, "s3", "aws4_request"]) key = await hmac(key, part);
  if (hex(await hmac(key, toSign)) !== p.signature) {
    throw new S3Refusal(403, "SignatureDoesNotMatch", "The request signature does not match");
  }
  if (/^[0-9a-f]{64}$/.test(p.payloadHash) && await sha256(body) !== p.payloadHash) {
    throw new S3Refusal(400, "XAmzContentSHA256Mismatch", "The body does not match its hash");
  }
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
    await checkSignature(req, url, body, { region, ...credentials, now });
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
