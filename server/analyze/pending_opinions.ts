/**
 * Second opinions still being asked, in Deno KV (keys from server/kv.ts), so
 * that one pending when the server stops is taken up at its next start: a
 * record is written before the upload goes to S3, gets Rekognition's job id
 * once the job has started, and is deleted when the opinion is merged (or
 * given up).
 */
import { KEYS } from "../kv.ts";

export interface PendingOpinion {
  /** The analysis job (and the S3 object `analyze/{jobId}`). */
  jobId: string;
  /** Rekognition's job, once StartLabelDetection answered. */
  rekognitionJobId: string | null;
  since: number;
}

export interface PendingOpinions {
  begin(jobId: string): Promise<void>;
  started(jobId: string, rekognitionJobId: string): Promise<void>;
  end(jobId: string): Promise<void>;
  all(): Promise<PendingOpinion[]>;
}

export function createPendingOpinions(kv: Deno.Kv, now = Date.now): PendingOpinions {
  return {
    async begin(jobId) {
      await kv.set(KEYS.analyzeOpinion(jobId), { jobId, rekognitionJobId: null, since: now() });
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
