/**
 * The pipe between SFU hosts: the edge posts its PipeTransport's address to
 * the origin's `POST /internal/pipes/{lane}` (service key) and reads back a
 * stream of JSON lines — the origin's transport address first, then the lane's
 * producers as the origin's pipe consumers carry them, their ends, instant
 * replays, and a heartbeat. The stream's end is the pipe's end.
 */
import type { ReplayNotice } from "../../core/signaling.ts";
import { z } from "zod";
import type { MediaKind, RtpParameters } from "../mediasoup.ts";

/** The origin writes a heartbeat this often; the edge drops a pipe that is silent for 3 of them. */
export const PIPE_HEARTBEAT_MS = 1000;

/**
 * One end's SRTP keys for the pipe (mediasoup's SrtpParameters): both ends
 * create their PipeTransport with `enableSrtp` and hand each other the keys
 * they encrypt with — the edge in its POST, the origin in its first line — so
 * RTP between hosts travels encrypted. AES-CM-128 keys are 16 bytes of key
 * and 14 of salt: 40 characters of base64.
 */
export const PipeSrtp = z.object({
  cryptoSuite: z.enum(["AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"]),
  keyBase64: z.string().regex(/^[A-Za-z0-9+/]{40}$/),
}).strict();
export type PipeSrtp = z.infer<typeof PipeSrtp>;

/** An end's address and SRTP keys: what each end connects the other's transport to. */
export const PipeEnd = z.object({
  ip: z.string().min(2).max(64),
  port: z.number().int().min(1).max(65535),
  srtpParameters: PipeSrtp,
});
export type PipeEnd = z.infer<typeof PipeEnd>;

export type PipeLine =
  | { type: "transport"; ip: string; port: number; srtpParameters?: PipeSrtp }
  /** A camera producer on the air at the origin (`replay`: the lane's replay producer). */
  | {
    type: "producer";
    id: string;
    kind: MediaKind;
    rtpParameters: RtpParameters;
    paused: boolean;
    replay?: boolean;
  }
  | { type: "producerClosed"; id: string }
  | { type: "paused"; id: string; paused: boolean }
  /** An instant replay starts on the piped replay producer `id`. */
  | { type: "replay"; id: string; notice: ReplayNotice }
  | { type: "ping" };

export function encodeLine(line: PipeLine): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(line) + "\n");
}

/** The longest line the edge reads (a producer's RTP parameters take a few KiB). */
export const MAX_PIPE_LINE = 64 * 1024;

/**
 * Yields each JSON line of `body` as it arrives; throws once a line grows
 * past `maxLine` characters without its end, so an origin (or whatever
 * answers at its URL) cannot fill the edge's memory.
 */
export async function* readLines(
  body: ReadableStream<Uint8Array>,
  maxLine = MAX_PIPE_LINE,
): AsyncGenerator<PipeLine> {
  let buffered = "";
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffered.indexOf("\n")) >= 0) {
      if (end > maxLine) break;
      const text = buffered.slice(0, end).trim();
      buffered = buffered.slice(end + 1);
      if (text) yield JSON.parse(text) as PipeLine;
    }
    if (buffered.length > maxLine) {
      throw new Error(`a pipe line is longer than ${maxLine} characters`);
    }
  }
}
