/** A small server-sent events reader for benchmarks (fetch, so headers and aborts work). */

/**
 * Reads `url` as an SSE stream and hands over each event's name and JSON data
 * until `signal` aborts or the stream ends. Resolves once the stream is open
 * (the answer's headers arrived); `done` settles when it ends.
 */
export async function openSse(
  url: string,
  signal: AbortSignal,
  onEvent: (type: string, data: unknown) => void,
  init: RequestInit = {},
  /** Only these events' data are parsed and handed over (the load generator's CPU is the server's too). */
  only?: ReadonlySet<string>,
): Promise<{ done: Promise<void> }> {
  const res = await fetch(url, { ...init, signal });
  if (!res.ok || !res.body) {
    throw new Error(
      `SSE ${url.replace(/ticket=[^&]+/, "ticket=…")}: ${res.status} ${await res.text()}`,
    );
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  // Cancelling the body closes the connection at once, so the server's stream ends too.
  signal.addEventListener("abort", () => reader.cancel().catch(() => {}), { once: true });
  const done = (async () => {
    let buf = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += decoder.decode(value, { stream: true });
        let start = 0, end;
        while ((end = buf.indexOf("\n\n", start)) >= 0) {
          const block = buf.slice(start, end);
          start = end + 2;
          const type = /^event: (.*)$/m.exec(block)?.[1];
          if (!type || (only && !only.has(type))) continue;
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) onEvent(type, JSON.parse(data));
        }
        buf = buf.slice(start);
      }
    } catch (err) {
      if (!signal.aborted) console.error(`SSE stream ended: ${(err as Error).message}`);
    }
  })();
  return { done };
}
