/**
 * Follows a WHIP or WHEP media link's event stream (core/link_events.ts):
 * settles with the event the SFU sends when the link ends (`reconnect` when
 * its lane moved to another worker), or `gone` when the stream breaks after
 * it was open (the SFU went away) or the link is already unknown (it ended
 * before the stream opened). Any other refusal leaves it pending: the peer
 * connection's own checks remain.
 */
import type { LinkEvent } from "../core/link_events.ts";

export function untilLinkEnds(url: string, token: string): {
  /** Settles once the stream is open (true) or refused (false). */
  opened: Promise<boolean>;
  done: Promise<LinkEvent | "gone">;
  cancel(): void;
} {
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
        const event = /^event: *(\S+)/m.exec(buffered)?.[1];
        if (event === "reconnect" || event === "closed") return event;
        buffered = buffered.slice(buffered.lastIndexOf("\n\n") + 2);
      }
    } catch { /* broken or cancelled */ }
    return "gone";
  })();
  return { opened: open, done, cancel: () => abort.abort() };
}
