/** Deno KV: every key the server uses is built here, under a named prefix. */

export const KEYS = {
  /** Health probe key (only read: the probe writes nothing). */
  health: () => ["health", "probe"] as const,
  /** State of one throttle scope ("login-pair", "login-ip", "login-account", "signup-ip") for one subject. */
  throttle: (scope: string, subject: string) => ["throttle", scope, subject] as const,
  /** A user's cached role, disabled flag and live logins (server/auth/standing.ts). */
  standing: (userId: string) => ["standing", userId] as const,
  /** A live lane event already received (its id, chosen by the sidecar), for dedupe. */
  laneEvent: (id: string) => ["lane-event", id] as const,
  /** A live ticket (by the sha-256 of the ticket): who may open their own live channel once. */
  liveTicket: (ticketHash: string) => ["live-ticket", ticketHash] as const,
  /** A clip job (server/clips/queue.ts): attempts, when it is due, what it stored so far. */
  clipJob: (clipId: string) => ["clip-job", clipId] as const,
  /** Index of clip jobs by when they are due (epoch ms), oldest first. */
  clipJobDue: (dueAt: number, clipId: string) => ["clip-job-due", dueAt, clipId] as const,
  /** Prefix of the due index. */
  clipJobsDue: () => ["clip-job-due"] as const,
  /** The Stripe reconciliation job (server/payments/stripe/reconcile_job.ts): when it is due, its attempts. */
  stripeReconcile: () => ["stripe-reconcile", "job"] as const,
  /** A video analysis job (server/analyze/jobs.ts): owner, state, progress, its temp file. */
  analyzeJob: (jobId: string) => ["analyze-job", jobId] as const,
  /** Prefix of every analysis job (the start-up sweep reads them). */
  analyzeJobs: () => ["analyze-job"] as const,
  /** The analysis queue, oldest first: a queued job by when it was queued (epoch ms). */
  analyzeQueued: (queuedAt: number, jobId: string) => ["analyze-queue", queuedAt, jobId] as const,
  /** Prefix of the analysis queue. */
  analyzeQueue: () => ["analyze-queue"] as const,
  /** The ids of a user's unfinished analysis jobs (their per-user limit). */
  analyzeUserJobs: (userId: string) => ["analyze-user", userId] as const,
  /** An API instance's analysis worker, alive while this key is (server/analyze/instances.ts). */
  analyzeInstance: (id: string) => ["analyze-instance", id] as const,
  /** A Rekognition second opinion still being asked (server/analyze/pending_opinions.ts). */
  analyzeOpinion: (jobId: string) => ["analyze-opinion", jobId] as const,
  /** Prefix of the pending second opinions (resumed at start). */
  analyzeOpinions: () => ["analyze-opinion"] as const,
};

export async function openKv(path: string): Promise<Deno.Kv> {
  return await Deno.openKv(path);
}

/** True when KV answers a read; writes nothing. */
export async function pingKv(kv: Deno.Kv): Promise<boolean> {
  try {
    await kv.get(KEYS.health());
    return true;
  } catch {
    return false;
  }
}
