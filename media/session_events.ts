/**
 * Follows a WHIP or WHEP session's event stream (core/session_events.ts):
 * settles with the event the SFU sends when the session ends (`reconnect`
 * when its lane moved to another worker), or `gone` when the stream breaks
 * after it was open (the SFU went away). A server without the stream (any
 * answer but 200) leaves it pending: the peer connection's own checks remain.
 */
import type { SessionEvent } from "../core/session_events.ts";

export function untilSessionEnds(
  url: string,
  token: string,
): { done: Promise<SessionEvent | "gone">; cancel(): void } {
  const abort = new AbortController();
  const done = (async (): Promise<SessionEvent | "gone"> => {
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
        signal: abort.signal,
      });
    } catch {
      return await new Promise<never>(() => {});
    }
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel();
      return await new Promise<never>(() => {});
    }
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
  return {
    done,
    cancel: () => abort.abort(),
  };
}
