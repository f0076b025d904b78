/**
 * Follows a WHIP or WHEP media link's event stream (core/link_events.ts):
 * settles with the event the SFU sends when the link ends (`reconnect` when
 * its lane moved to another worker), or `gone` when the stream breaks after
 * it was open (the SFU went away) or the link is already unknown (it ended
 * before the stream opened). Any other refusal leaves it pending: the peer
 * connection's own checks remain. `reason()` is the SFU's reason for the
 * event once it came (`replaced by a new publisher`).
 */
import type { LinkEvent } from "../core/link_events.ts";

export function untilLinkEnds(url: string, token: string): {
  /** Settles once the stream is open (true) or refused (false). */
  opened: Promise<boolean>;
  done: Promise<LinkEvent | "gone">;
  /** The `reason` the SFU gave with its event, once `done` settled with one. */
  reason(): string | undefined;
  cancel(): void;
} {
  let reason: string | undefined;
  const abort = new AbortController();
  const forever = new Promise<never>(() => {});
  let opened = (_open: boolean) => {};
  const open = new Promise<boolean>((resolve) => (opened = resolve));
  const done = (async (): Promise<LinkEvent | "gone"> => {
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
        signal: abort.signal,
      });
    } catch {
      opened(false);
      return await forever;
    }
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel();
      opened(false);
      return res.status === 404 || res.status === 410 ? "gone" : await forever;
    }
    opened(true);
    let buffered = "";
    try {
      for await (const chunk of res.body.pipeThrough(new TextDecoderStream())) {
        buffered += chunk;
        // Whole blocks only, so an event's data line is read with it.
        let end: number;
        while ((end = buffered.indexOf("\n\n")) >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const event = /^event: *(\S+)/m.exec(block)?.[1];
          if (event === "reconnect" || event === "closed") {
            reason = eventReason(block);
            return event;
          }
        }
      }
    } catch { /* broken or cancelled */ }
    return "gone";
  })();
  return { opened: open, done, reason: () => reason, cancel: () => abort.abort() };
}

/** The `reason` of an event's `data: {"reason": …}` line, if it has one. */
function eventReason(block: string): string | undefined {
  const data = /^data: *(.*)$/m.exec(block)?.[1];
  try {
    const reason = data ? JSON.parse(data).reason : undefined;
    return typeof reason === "string" ? reason : undefined;
  } catch {
    return undefined;
  }
}
