/**
 * A signed-in user's own live updates (their bets settling, their wallet)
 * travel through the same {@linkcode LiveHub} as lane updates, under a
 * channel no lane id can take (`user:<id>`); a lane's live stream opened with
 * a live ticket also carries its holder's channel.
 *
 * @example
 * ```ts
 * publishToUser(deps.live, userId, { type: "bet", data: bet });
 * const stop = subscribeUser(deps.live, userId, (e) => console.log(e.type));
 * ```
 * @module
 */
import type { LiveEvent, LiveHub, LiveListener } from "./hub.ts";

/** The hub channel of a user's own events (lane ids are slugs, so never this). */
export function userChannel(userId: string): string {
  return `user:${userId}`;
}

export function publishToUser(live: LiveHub, userId: string, event: LiveEvent): void {
  live.publish(userChannel(userId), event);
}

export function subscribeUser(live: LiveHub, userId: string, fn: LiveListener): () => void {
  return live.subscribe(userChannel(userId), fn);
}
