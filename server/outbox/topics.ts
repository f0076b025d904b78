/**
 * Every outbox topic the server consumes and its handler, in one place
 * (settlement and clips of a shot plug in here).
 */
import type { ServerMetrics } from "../metrics/metrics.ts";
import type { Sql } from "../db.ts";
import type { LiveHub } from "../live/hub.ts";
import type { ServerConfig } from "../config.ts";
import type { Ledger } from "../ledger/ledger.ts";
import { ballRedetermineHandler } from "../markets/redetermine_handler.ts";
import { ballSettleHandler, type SettleDeps } from "../markets/settle.ts";
import { postStakesHandler } from "../markets/post_stakes.ts";
import {
  BALL_REDETERMINE,
  BALL_SETTLE,
  MARKET_STAKES,
  MARKETS_VOID,
} from "../markets/settle_topics.ts";
import { marketsVoidHandler } from "../markets/void_markets.ts";
import { SHOT_SCORE } from "../shots/record.ts";
import type { Clips } from "../clips/service.ts";
import { SHOT_CLIP, shotClipHandler } from "../clips/shot_clip_topic.ts";
import { shotScoreHandler } from "../shots/score.ts";
import { SMS_SEND, smsSendHandler } from "../sms/messages.ts";
import { MAIL_SEND, mailSendHandler } from "../mail/messages.ts";
import { type MailSender, smtpSender } from "../mail/sender.ts";
import { type SmsSender, twilioSender } from "../sms/sender.ts";
import type { PayoutProvider } from "../payments/provider.ts";
import { paypalPayoutOf } from "../payments/paypal/service.ts";
import { stripePayoutOf } from "../payments/stripe/payout.ts";
import type { StripeGateway } from "../payments/stripe/client.ts";
import { withdrawalPayoutHandler } from "../withdrawals/payout.ts";
import { WITHDRAWAL_PAYOUT } from "../withdrawals/service.ts";
import { createOutboxConsumer, type OutboxConsumer, type OutboxHandler } from "./consumer.ts";

export interface OutboxDeps {
  live: LiveHub;
  ledger: Ledger;
  config:
    & Pick<ServerConfig, "BET_ACCEPT_DELAY_MS" | "SANDBOX_DEPOSITS">
    & Partial<Pick<ServerConfig, "OPEN_PLAY" | "SIM_SESSIONS">>;
  /** Where texts go; null holds them for staff (no Twilio account configured). */
  sms?: SmsSender | null;
  /** Where account mail goes; null holds it for admins (no SMTP_URL). */
  mail?: MailSender | null;
  /** Shot clips; without it `shot.clip` facts wait for a process that has it. */
  clips?: Pick<Clips, "worker" | "shotWindow">;
  /** Who pays approved withdrawals out, in order; none: staff pay them by hand. */
  payouts?: readonly PayoutProvider[];
}

/** What settlement needs, from the server's deps. */
export function settleDeps(deps: OutboxDeps): SettleDeps {
  return {
    ledger: deps.ledger,
    live: deps.live,
    betAcceptDelayMs: deps.config.BET_ACCEPT_DELAY_MS,
    demo: deps.config.SANDBOX_DEPOSITS,
  };
}

export function outboxHandlers(deps: OutboxDeps): Record<string, OutboxHandler> {
  const settle = settleDeps(deps);
  return {
    [SHOT_SCORE]: shotScoreHandler({
      live: deps.live,
      openPlay: deps.config.OPEN_PLAY ? { simSessions: deps.config.SIM_SESSIONS ?? false } : null,
    }),
    [BALL_SETTLE]: ballSettleHandler(settle),
    [BALL_REDETERMINE]: ballRedetermineHandler(settle),
    [MARKETS_VOID]: marketsVoidHandler(settle),
    [SMS_SEND]: smsSendHandler(deps.sms ?? null),
    [MAIL_SEND]: mailSendHandler(deps.mail ?? null),
    [MARKET_STAKES]: postStakesHandler(settle),
    [WITHDRAWAL_PAYOUT]: withdrawalPayoutHandler({
      ledger: deps.ledger,
      providers: deps.payouts ?? [],
    }),
    ...(deps.clips ? { [SHOT_CLIP]: shotClipHandler(deps.clips) } : {}),
  };
}

/** The server's consumer of every topic, set up from the config (not started). */
export function createServerOutbox(
  deps: OutboxDeps & {
    db: { sql: Sql };
    config: Readonly<ServerConfig>;
    stripe?: StripeGateway | null;
    metrics?: ServerMetrics;
  },
): OutboxConsumer {
  return createOutboxConsumer({
    sql: deps.db.sql,
    handlers: outboxHandlers({
      ...deps,
      sms: deps.sms ?? twilioSender(deps.config),
      mail: deps.mail ?? smtpSender(deps.config),
      // Withdrawals pay out through each configured provider in turn (none: by hand).
      payouts: deps.payouts ??
        [stripePayoutOf(deps), paypalPayoutOf(deps)].filter((p) => p !== null),
    }),
    pollMs: deps.config.OUTBOX_POLL_MS,
    leaseMs: deps.config.OUTBOX_LEASE_MS,
    maxAttempts: deps.config.OUTBOX_MAX_ATTEMPTS,
    onStep: deps.metrics
      ? (fact, outcome) => deps.metrics!.outboxStep(fact.topic, outcome, fact.createdAt)
      : undefined,
  });
}
