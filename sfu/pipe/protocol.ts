/**
 * The pipe between SFU hosts: the edge posts its PipeTransport's address to
 * the origin's `POST /internal/pipes/{lane}` (service key) and reads back a
 * stream of JSON lines — the origin's transport address first, then the lane's
 * producers as the origin's pipe consumers carry them, their ends, instant
 * replays, and a heartbeat. The stream's end is the pipe's end.
 */
import type { ReplayNotice } from "../../core/signaling.ts";
import type { MediaKind, RtpParameters } from "../mediasoup.ts";

/** The origin writes a heartbeat this often; the edge drops a pipe that is silent for 3 of them. */
export const PIPE_HEARTBEAT_MS = 1000;

export interface PipeAddress {
  ip: string;
  port: number;
}

export type PipeLine =
  | { type: "transport"; ip: string; port: number }
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

/** Yields each JSON line of `body` as it arrives. */
export async function* readLines(body: ReadableStream<Uint8Array>): AsyncGenerator<PipeLine> {
  let buffered = "";
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffered.indexOf("\n")) >= 0) {
      const text = buffered.slice(0, end).trim();
      buffered = buffered.slice(end + 1);
      if (text) yield JSON.parse(text) as PipeLine;
    }
  }
}
