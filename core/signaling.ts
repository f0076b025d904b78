/**
 * The WebSocket signaling protocol between mediasoup-client peers (browsers,
 * phones used as cameras, the inference sidecar) and the SFU.
 *
 * The client opens `signalingUrl` (it already carries `?token=`), then sends
 * requests and receives responses and notifications, all JSON text frames:
 *
 *   → { "id": 1, "method": "getRouterRtpCapabilities", "data": {} }
 *   ← { "id": 1, "ok": true, "data": { ...rtpCapabilities } }
 *   ← { "id": 2, "ok": false, "error": { "status": 403, "title": "Forbidden", "detail": "..." } }
 *   ← { "notification": "newProducer", "data": { "producerId": "…" } }
 *
 * Methods and their data:
 * - getRouterRtpCapabilities {} → RtpCapabilities
 * - createTransport { direction: "send" | "recv" } → { id, iceParameters, iceCandidates, dtlsParameters }
 * - connectTransport { transportId, dtlsParameters } → {}
 * - produce { transportId, kind, rtpParameters } → { id }            (needs lane:publish)
 * - consume { transportId, rtpCapabilities, replay? } → { consumers: [{ id, producerId, kind, rtpParameters }] }
 *     consumes every producer of the lane not yet consumed on that transport; consumers start paused;
 *     with `replay: true` the lane's replay producer instead (nothing before the first replay)
 * - resumeConsumer { consumerId } → {}   (also asks the publisher for a keyframe)
 * - closeProducer { producerId } → {}
 *
 * Notifications: newProducer { producerId }, producerClosed { producerId },
 * laneClosed { reason } (the lane's router went away: reconnect from scratch),
 * replay { ReplayNotice } (an instant replay starts on the lane's replay
 * producer: consume it with `replay: true` if not yet, show it for `durationMs`).
 */
import { z } from "zod";

export const SignalRequest = z.object({
  id: z.number().int().nonnegative(),
  method: z.enum([
    "getRouterRtpCapabilities",
    "createTransport",
    "connectTransport",
    "produce",
    "consume",
    "resumeConsumer",
    "closeProducer",
  ]),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type SignalRequest = z.infer<typeof SignalRequest>;
export type SignalMethod = SignalRequest["method"];

export interface SignalError {
  status: number;
  title: string;
  detail: string;
}

export type SignalResponse =
  | { id: number; ok: true; data: unknown }
  | { id: number; ok: false; error: SignalError };

export type SignalNotification =
  | { notification: "newProducer"; data: { producerId: string } }
  | { notification: "producerClosed"; data: { producerId: string } }
  | { notification: "laneClosed"; data: { reason: string } }
  | { notification: "replay"; data: ReplayNotice };

/** An instant replay starting on a lane: what a player needs to show it. */
export interface ReplayNotice {
  replayId: string;
  /** The lane's replay producer (the same one for every replay while the lane lives). */
  producerId: string;
  shotId: string;
  /** Capture times of the window played (from the keyframe it starts at). */
  fromMs: number;
  toMs: number;
  /** 1, or 0.5 for half speed. */
  speed: number;
  /** How long it plays, ms (the window stretched by the speed). */
  durationMs: number;
}

/** Largest signaling message accepted, in bytes. */
export const MAX_SIGNAL_MESSAGE_BYTES = 64 * 1024;
