/**
 * Second opinions still being asked, in Deno KV (keys from server/kv.ts), so
 * that one pending when the server stops is taken up at its next start: a
 * record is written before the upload goes to S3, gets Rekognition's job id
 * once the job has started, and is deleted when the opinion is merged (or
 * given up). Each record names the API instance asking; another takes it over
 * only once that instance is gone (`take`, one winner).
 */
import { KEYS } from "../kv.ts";

export interface PendingOpinion {
  /** The analysis job (and the S3 object `analyze/{jobId}`). */
  jobId: string;
  /** Rekognition's job, once StartLabelDetection answered. */
  rekognitionJobId: string | null;
  since: number;
  /** The API instance asking (server/analyze/instances.ts). */
  instance?: string;
}

export interface PendingOpinions {
  begin(jobId: string, instance?: string): Promise<void>;
  /** Makes `instance` the one asking, unless the record changed since it was read. */
  take(p: PendingOpinion, instance: string): Promise<boolean>;
  started(jobId: string, rekognitionJobId: string): Promise<void>;
  end(jobId: string): Promise<void>;
  all(): Promise<PendingOpinion[]>;
}

export function createPendingOpinions(kv: Deno.Kv, now = Date.now): PendingOpinions {
  return {
    async begin(jobId, instance) {
      await kv.set(KEYS.analyzeOpinion(jobId), {
        jobId,
        rekognitionJobId: null,
        since: now(),
        ...(instance ? { instance } : {}),
      });
    },
    async take(p, instance) {
      const cur = await kv.get<PendingOpinion>(KEYS.analyzeOpinion(p.jobId));
      if (!cur.value || cur.value.instance !== p.instance) return false;
      const next = { ...cur.value, instance };
      return (await kv.atomic().check(cur).set(KEYS.analyzeOpinion(p.jobId), next).commit()).ok;
    },
    async started(jobId, rekognitionJobId) {
      const cur = await kv.get<PendingOpinion>(KEYS.analyzeOpinion(jobId));
      if (cur.value) {
        await kv.set(KEYS.analyzeOpinion(jobId), { ...cur.value, rekognitionJobId });
      }
    },
    async end(jobId) {
      await kv.delete(KEYS.analyzeOpinion(jobId));
    },
    async all() {
      const out: PendingOpinion[] = [];
      for await (const e of kv.list<PendingOpinion>({ prefix: KEYS.analyzeOpinions() })) {
        out.push(e.value);
      }
      return out;
    },
  };
}
