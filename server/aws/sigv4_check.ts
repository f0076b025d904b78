/**
 * Test helper: checks an AWS Signature Version 4 the way AWS services do, for
 * the local fakes of S3 and Rekognition that the official SDKs are pointed
 * at in tests. Header signatures (payload hash included) and presigned query
 * signatures with their expiry; a wrong key, a tampered request, a skewed
 * clock or an expired URL throws a {@linkcode SigV4Refusal} with the error
 * code the real service answers.
 *
 * @example
 * ```ts ignore
 * await checkSigV4(req, url, body, { service: "s3", region, accessKeyId, secretAccessKey, now });
 * ```
 * @module
 */

export type Bytes = Uint8Array<ArrayBuffer>;

/** A request the signature check refuses: the HTTP status and AWS's error code. */
export class SigV4Refusal extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** Who may sign, for which service and region, and the clock requests are judged by. */
export interface SigV4Key {
  service: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  now: () => number;
}

const enc = new TextEncoder();
export const hex = (b: ArrayBuffer | Uint8Array) =>
  [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");
export const sha256 = async (data: Bytes | string) =>
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
      throw new SigV4Refusal(400, "AuthorizationQueryParametersError", "Unsupported algorithm");
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
  if (!m) throw new SigV4Refusal(403, "AccessDenied", "Missing or malformed Authorization");
  return {
    credential: m[1],
    signedHeaders: m[2],
    signature: m[3],
    amzDate: req.headers.get("x-amz-date") ?? "",
    // S3 sends the payload's hash; other services leave it to be computed.
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

/** Throws a {@linkcode SigV4Refusal} unless `req` (with `body`) is signed by `key`. */
export async function checkSigV4(
  req: Request,
  url: URL,
  body: Bytes,
  key: SigV4Key,
): Promise<void> {
  const p = sigParts(req, url);
  const [akid, date, region, service, term] = p.credential.split("/");
  if (akid !== key.accessKeyId) {
    throw new SigV4Refusal(403, "InvalidAccessKeyId", "Unknown access key");
  }
  if (region !== key.region || service !== key.service || term !== "aws4_request") {
    throw new SigV4Refusal(403, "AuthorizationHeaderMalformed", "Bad credential scope");
  }
  const at = amzTime(p.amzDate);
  if (!Number.isFinite(at) || !p.amzDate.startsWith(date)) {
    throw new SigV4Refusal(403, "AccessDenied", "Bad X-Amz-Date");
  }
  if (p.expiresS !== null) {
    if (!(p.expiresS >= 1 && p.expiresS <= 604800)) {
      throw new SigV4Refusal(403, "AuthorizationQueryParametersError", "Bad X-Amz-Expires");
    }
    if (key.now() > at + p.expiresS * 1000) {
      throw new SigV4Refusal(403, "AccessDenied", "Request has expired");
    }
  } else if (Math.abs(key.now() - at) > 15 * 60_000) {
    throw new SigV4Refusal(
      403,
      "RequestTimeTooSkewed",
      "The request time is too far from the server's",
    );
  }
  const signed = p.signedHeaders.split(";");
  if (!signed.includes("host")) throw new SigV4Refusal(403, "AccessDenied", "host must be signed");
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
  const payloadHash = p.payloadHash || await sha256(body);
  const canonical = [req.method, url.pathname, query, headers, p.signedHeaders, payloadHash]
    .join("\n");
  const scope = `${date}/${region}/${key.service}/aws4_request`;
  const toSign = `AWS4-HMAC-SHA256\n${p.amzDate}\n${scope}\n${await sha256(canonical)}`;
  let signingKey = await hmac(`AWS4${key.secretAccessKey}`, date);
  for (const part of [region, key.service, "aws4_request"]) {
    signingKey = await hmac(signingKey, part);
  }
  if (hex(await hmac(signingKey, toSign)) !== p.signature) {
    throw new SigV4Refusal(403, "SignatureDoesNotMatch", "The request signature does not match");
  }
  if (/^[0-9a-f]{64}$/.test(p.payloadHash) && await sha256(body) !== p.payloadHash) {
    throw new SigV4Refusal(400, "XAmzContentSHA256Mismatch", "The body does not match its hash");
  }
}
