/**
 * Closes WebRTC transports that hold RTC ports for nothing: one that has not
 * connected (ICE and DTLS) within `connectTimeoutMs` of being needed, and one
 * whose peer has gone quiet (no bytes received, or ICE disconnected) for
 * `disconnectTimeoutMs`. mediasoup 3.8 has no ICE consent timeout, so a
 * viewer that vanishes over UDP is only seen by its silence: a live peer's
 * STUN checks and RTCP arrive every few seconds.
 */

/** The parts of a mediasoup WebRtcTransport the watchdog reads. */
export interface WatchedTransport {
  readonly closed: boolean;
  readonly iceState: string;
  readonly dtlsState: string;
  getStats(): Promise<Array<{ bytesReceived?: number }>>;
  readonly observer: { once(event: "close", fn: () => void): unknown };
}

export interface WatchdogOptions {
  connectTimeoutMs: number;
  disconnectTimeoutMs: number;
  /** True while the transport has nothing to carry yet (its connect clock waits). */
  mayWait?: () => boolean;
  /** Called once when the transport should be closed, with why. */
  onExpire(reason: string): void;
}

export function watchTransport(transport: WatchedTransport, o: WatchdogOptions): void {
  if (transport.closed) return;
  // Checks a quarter of the timeout apart: stats are asked of the worker only every disconnectTimeoutMs / 4.
  const tickMs = () =>
    Math.max(
      50,
      (transport.dtlsState === "connected" ? o.disconnectTimeoutMs : o.connectTimeoutMs) / 4,
    );
  let since = Date.now();
  let heardAt: number | undefined;
  let lastBytes = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done = false;
  const stop = () => {
    done = true;
    clearTimeout(timer);
  };
  const expire = (reason: string) => {
    stop();
    o.onExpire(reason);
  };

  async function check(): Promise<void> {
    const now = Date.now();
    if (transport.dtlsState !== "connected") {
      if (o.mayWait?.()) since = now;
      else if (now - since >= o.connectTimeoutMs) {
        return expire(`not connected within ${o.connectTimeoutMs} ms`);
      }
      return;
    }
    heardAt ??= now;
    let bytes = lastBytes;
    try {
      bytes = (await transport.getStats())[0]?.bytesReceived ?? lastBytes;
    } catch {
      return; // closed meanwhile
    }
    if (bytes !== lastBytes && transport.iceState !== "disconnected") {
      lastBytes = bytes;
      heardAt = Date.now();
    } else if (Date.now() - heardAt >= o.disconnectTimeoutMs) {
      expire(`peer silent for ${o.disconnectTimeoutMs} ms`);
    }
  }

  const schedule = () => {
    timer = setTimeout(() => {
      check().finally(() => {
        if (!done && !transport.closed) schedule();
      });
    }, tickMs());
  };
  transport.observer.once("close", stop);
  schedule();
}
