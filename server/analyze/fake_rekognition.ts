/**
 * Test helper: a local Amazon Rekognition speaking the service's wire format
 * as the official SDK uses it (AWS JSON 1.1: `POST /` with
 * `X-Amz-Target: RekognitionService.<Operation>`, SigV4 for service
 * `rekognition`), for `StartLabelDetection` and `GetLabelDetection`. Videos
 * are read from a {@linkcode startFakeS3} bucket as Rekognition reads S3.
 *
 * A job stays `IN_PROGRESS` for `pollsBeforeDone` reads, then `SUCCEEDED`
 * (or `FAILED` when `fail` says so for that object). Its labels are
 * synthetic but come from the file: `ffprobe` gives the duration, and the
 * job sees "Bowling" (Sports) and "Person" (Person Description) every
 * second and "Bowling Ball" halfway. Pages hold `MaxResults` sightings with
 * a `NextToken`; the same `ClientRequestToken` returns the same job, as the
 * service does. Errors are the service's: `InvalidParameterException`,
 * `InvalidS3ObjectException`, `ResourceNotFoundException`,
 * `InvalidPaginationTokenException`, and for signatures
 * `UnrecognizedClientException` / `InvalidSignatureException`.
 *
 * @example
 * ```ts ignore
 * const s3 = await startFakeS3({ bucket: "uploads" });
 * const rek = await startFakeRekognition({ s3, bucket: "uploads" });
 * const client = new RekognitionClient({ endpoint: rek.endpoint, region: rek.region, credentials: rek.credentials });
 * ```
 * @module
 */
import type { FakeS3 } from "../clips/fake_s3.ts";
import { checkSigV4, SigV4Refusal } from "../aws/sigv4_check.ts";

export interface FakeRekognition {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Jobs started, by id. */
  jobs: Map<string, FakeJob>;
  /** Operations called, in order (e.g. "StartLabelDetection"). */
  calls: string[];
  /** Object keys whose jobs fail from now on, with the status message. */
  failing: Map<string, string>;
  close(): Promise<void>;
}

export interface FakeJob {
  id: string;
  object: string;
  minConfidence: number;
  pollsLeft: number;
  failed: string | null;
  sightings: Sighting[];
  durationMs: number;
}

interface Sighting {
  Timestamp: number;
  Label: { Name: string; Confidence: number; Categories: { Name: string }[] };
}

class Refusal extends Error {
  constructor(readonly status: number, readonly type: string, message: string) {
    super(message);
  }
}

/** Duration in ms of the video in `bytes`, as ffprobe reads it (0 when it cannot). */
async function durationMs(bytes: Uint8Array): Promise<number> {
  const tmp = await Deno.makeTempFile({ prefix: "fake-rekognition-" });
  try {
    await Deno.writeFile(tmp, bytes);
    const out = await new Deno.Command("ffprobe", {
      args: ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", tmp],
      stdout: "piped",
      stderr: "null",
    }).output();
    const s = Number(new TextDecoder().decode(out.stdout).trim());
    return out.success && Number.isFinite(s) ? Math.round(s * 1000) : 0;
  } finally {
    await Deno.remove(tmp).catch(() => {});
  }
}

function sightingsOf(ms: number, minConfidence: number): Sighting[] {
  const out: Sighting[] = [];
  const add = (t: number, name: string, confidence: number, category: string) => {
    if (confidence >= minConfidence) {
      out.push({
        Timestamp: t,
        Label: { Name: name, Confidence: confidence, Categories: [{ Name: category }] },
      });
    }
  };
  for (let t = 0; t < ms; t += 1000) {
    add(t, "Bowling", 96 + ((t / 1000) % 3), "Sports");
    add(t, "Person", 98.5, "Person Description");
  }
  if (ms > 0) add(Math.floor(ms / 2000) * 1000, "Bowling Ball", 88.25, "Sports");
  return out.sort((a, b) => a.Timestamp - b.Timestamp || a.Label.Name.localeCompare(b.Label.Name));
}

export function startFakeRekognition(options: {
  s3: FakeS3;
  bucket: string;
  pollsBeforeDone?: number;
  /** Object keys whose jobs fail, with the status message. */
  fail?: Map<string, string>;
  now?: () => number;
}): Promise<FakeRekognition> {
  const region = options.s3.region;
  const credentials = {
    accessKeyId: "FAKEREKOGNITION00001",
    secretAccessKey: crypto.randomUUID().replaceAll("-", ""),
  };
  const jobs = new Map<string, FakeJob>();
  const byToken = new Map<string, string>();
  const calls: string[] = [];
  const failing = options.fail ?? new Map<string, string>();

  async function start(body: Record<string, unknown>) {
    const video = body.Video as { S3Object?: { Bucket?: string; Name?: string } } | undefined;
    const bucket = video?.S3Object?.Bucket, name = video?.S3Object?.Name;
    if (typeof bucket !== "string" || typeof name !== "string") {
      throw new Refusal(400, "InvalidParameterException", "Video.S3Object is required");
    }
    const minConfidence = body.MinConfidence ?? 50;
    if (typeof minConfidence !== "number" || minConfidence < 0 || minConfidence > 100) {
      throw new Refusal(400, "InvalidParameterException", "MinConfidence must be 0–100");
    }
    const token = body.ClientRequestToken;
    if (
      token !== undefined && (typeof token !== "string" || !/^[a-zA-Z0-9-_]{1,64}$/.test(token))
    ) {
      throw new Refusal(400, "InvalidParameterException", "Bad ClientRequestToken");
    }
    if (typeof token === "string" && byToken.has(token)) return { JobId: byToken.get(token) };
    const object = options.s3.objects.get(name);
    if (bucket !== options.bucket || !object) {
      throw new Refusal(400, "InvalidS3ObjectException", "Unable to get object metadata from S3");
    }
    const ms = await durationMs(object.bytes);
    const id = crypto.randomUUID().replaceAll("-", "");
    jobs.set(id, {
      id,
      object: name,
      minConfidence,
      pollsLeft: options.pollsBeforeDone ?? 2,
      failed: failing.get(name) ?? (ms === 0 ? "Unsupported codec/format" : null),
      sightings: sightingsOf(ms, minConfidence),
      durationMs: ms,
    });
    if (typeof token === "string") byToken.set(token, id);
    return { JobId: id };
  }

  function get(body: Record<string, unknown>) {
    const job = typeof body.JobId === "string" ? jobs.get(body.JobId) : undefined;
    if (!job) throw new Refusal(400, "ResourceNotFoundException", "The job was not found");
    const max = body.MaxResults ?? 1000;
    if (typeof max !== "number" || !Number.isInteger(max) || max < 1 || max > 1000) {
      throw new Refusal(400, "InvalidParameterException", "MaxResults must be 1–1000");
    }
    if (job.pollsLeft > 0) {
      job.pollsLeft--;
      return { JobId: job.id, JobStatus: "IN_PROGRESS" };
    }
    if (job.failed) return { JobId: job.id, JobStatus: "FAILED", StatusMessage: job.failed };
    let from = 0;
    if (body.NextToken !== undefined) {
      const m = typeof body.NextToken === "string" ? /^p(\d+)$/.exec(body.NextToken) : null;
      from = m ? Number(m[1]) : NaN;
      if (!(from > 0 && from < job.sightings.length)) {
        throw new Refusal(400, "InvalidPaginationTokenException", "Invalid pagination token");
      }
    }
    const to = from + max;
    return {
      JobId: job.id,
      JobStatus: "SUCCEEDED",
      LabelModelVersion: "3.0",
      VideoMetadata: { DurationMillis: job.durationMs, Format: "QuickTime / MOV" },
      Labels: job.sightings.slice(from, to),
      ...(to < job.sightings.length ? { NextToken: `p${to}` } : {}),
    };
  }

  async function handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const bytes = new Uint8Array(await req.arrayBuffer());
    await checkSigV4(req, url, bytes, {
      service: "rekognition",
      region,
      ...credentials,
      now: options.now ?? Date.now,
    });
    const target = req.headers.get("x-amz-target") ?? "";
    const op = target.startsWith("RekognitionService.") ? target.slice(19) : "";
    if (req.method !== "POST" || url.pathname !== "/" || !op) {
      throw new Refusal(400, "UnknownOperationException", "Unknown operation");
    }
    calls.push(op);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw new Refusal(400, "SerializationException", "Body is not JSON");
    }
    if (op === "StartLabelDetection") return json(200, await start(body));
    if (op === "GetLabelDetection") return json(200, get(body));
    throw new Refusal(400, "UnknownOperationException", `${op} is not faked`);
  }

  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": "application/x-amz-json-1.1" },
    });

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    try {
      return await handle(req);
    } catch (err) {
      const e = err instanceof Refusal ? err : err instanceof SigV4Refusal
        ? new Refusal(
          403,
          err.code === "InvalidAccessKeyId"
            ? "UnrecognizedClientException"
            : "InvalidSignatureException",
          err.message,
        )
        : new Refusal(500, "InternalServerError", String(err));
      return new Response(JSON.stringify({ __type: e.type, message: e.message }), {
        status: e.status,
        headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": e.type },
      });
    }
  });
  return Promise.resolve({
    endpoint: `http://127.0.0.1:${server.addr.port}`,
    region,
    credentials,
    jobs,
    calls,
    failing,
    close: () => server.shutdown(),
  });
}
