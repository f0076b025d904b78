/** What every route can reach, built once at start. */
import type { SfuClient } from "./sfu_client.ts";
import type { ServerConfig } from "./config.ts";
import type { Db } from "./db.ts";
import type { SigningKeys } from "./keys.ts";
import type { LiveHub } from "./live/hub.ts";
import type { LaneEvents } from "./live/lane_events.ts";
import type { Ledger } from "./ledger/ledger.ts";
import type { Clips } from "./clips/service.ts";
import type { StripeGateway } from "./payments/stripe/client.ts";
import type { Analyze } from "./analyze/service.ts";
import type { ServerMetrics } from "./metrics/metrics.ts";
import type { SfuHosts } from "./sfu_hosts/hosts.ts";

export interface AppDeps {
  config: Readonly<ServerConfig>;
  db: Db;
  kv: Deno.Kv;
  keys: SigningKeys;
  sfu: SfuClient;
  cameraKey: string;
  /** Makes the SFU's pulled cameras match the lanes now (after a lane's source changes); absent in tests. */
  cameras?: { syncNow(): Promise<void> };
  /** Bearer key the inference sidecar presents. */
  inferenceKey: string;
  /** Per-lane live updates (score sheets, shots) for SSE subscribers. */
  live: LiveHub;
  /** The outbox consumer, woken after a fact's follow-ups are committed; absent when another process consumes. */
  outbox?: { wake(): void };
  /** The AI's live lane events (approach, release, pinfall, rack-ready): typed subscriptions and each lane's last state. */
  laneEvents: LaneEvents;
  /** The money: accounts, transfers and holds in config CURRENCY. */
  ledger: Ledger;
  /** Shot and custom clips: the store, the KV job worker, the API's view of a clip. */
  clips?: Clips;
  /** Stripe (deposits, refunds, webhooks); absent when STRIPE_SECRET_KEY is not set. */
  stripe?: StripeGateway | null;
  /** Uploaded-video analysis: the job queue and its worker; absent where it is not set up. */
  analyze?: Analyze;
  /** SFU hosts that announce themselves; with none alive, SFU_URL serves every lane. */
  sfuHosts?: SfuHosts;
  /** Key SFU hosts present when they announce themselves. */
  sfuServiceKey?: string;
  /** Prometheus metrics (`GET /metrics`); absent in tests that do not look. */
  metrics?: ServerMetrics;
}

declare module "hono" {
  interface ContextVariableMap {
    requestId: string;
  }
}
