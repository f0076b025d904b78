/**
 * Every outbox topic the server consumes and its handler, in one place
 * (settlement and clips of a shot plug in here).
 */
import type { Sql } from "../db.ts";
import type { LiveHub } from "../live/hub.ts";
import type { ServerConfig } from "../config.ts";
import { SHOT_SCORE } from "../shots/record.ts";
import { shotScoreHandler } from "../shots/score.ts";
import { createOutboxConsumer, type OutboxConsumer, type OutboxHandler } from "./consumer.ts";

export function outboxHandlers(deps: { live: LiveHub }): Record<string, OutboxHandler> {
  return { [SHOT_SCORE]: shotScoreHandler(deps) };
}

/** The server's consumer of every topic, set up from the config (not started). */
export function createServerOutbox(
  deps: { db: { sql: Sql }; live: LiveHub; config: Readonly<ServerConfig> },
): OutboxConsumer {
  return createOutboxConsumer({
    sql: deps.db.sql,
    handlers: outboxHandlers(deps),
    pollMs: deps.config.OUTBOX_POLL_MS,
    leaseMs: deps.config.OUTBOX_LEASE_MS,
    maxAttempts: deps.config.OUTBOX_MAX_ATTEMPTS,
  });
}
