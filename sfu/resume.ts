/**
 * Starting a viewer's video fast. A resumed consumer makes mediasoup ask the
 * publisher for a keyframe. If that happens the moment our side of DTLS
 * completes, the keyframe can reach the viewer before its own side has the
 * keys, and the publisher (libwebrtc) ignores the next request for about a
 * second (mediasoup re-asks after one second): the viewer waits a second for
 * its first frame. So a consumer on a fresh transport is resumed a short
 * moment after DTLS connects, and not within libwebrtc's minimum keyframe
 * interval of the publisher's last keyframe (another viewer may just have
 * asked for one).
 */
import type { Consumer, WebRtcTransport } from "./mediasoup.ts";

export const RESUME_AFTER_DTLS_MS = 50;
/** libwebrtc drops keyframe requests closer than 300 ms to the last one; keep clear of it. */
export const MIN_KEYFRAME_GAP_MS = 350;

export async function resumeWhenViewerReady(
  transport: WebRtcTransport,
  consumers: Iterable<Consumer>,
  lastKeyFrameAt: (producerId: string) => number | undefined = () => undefined,
): Promise<void> {
  const list = [...consumers];
  const connectedAt = transport.appData.dtlsConnectedAt as number | undefined;
  if (transport.dtlsState !== "connected") {
    const ok = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => done(false), 10_000);
      const onState = (state: string) => {
        if (state === "connected") done(true);
        else if (state === "failed" || state === "closed") done(false);
      };
      const done = (v: boolean) => {
        clearTimeout(timer);
        transport.removeListener("dtlsstatechange", onState);
        resolve(v);
      };
      transport.on("dtlsstatechange", onState);
    });
    if (!ok) return;
    await new Promise((r) => setTimeout(r, RESUME_AFTER_DTLS_MS));
  } else if (connectedAt !== undefined && Date.now() - connectedAt < RESUME_AFTER_DTLS_MS) {
    await new Promise((r) => setTimeout(r, RESUME_AFTER_DTLS_MS - (Date.now() - connectedAt)));
  }
  const last = Math.max(0, ...list.map((c) => lastKeyFrameAt(c.producerId) ?? 0));
  const gap = last + MIN_KEYFRAME_GAP_MS - Date.now();
  if (gap > 0) await new Promise((r) => setTimeout(r, gap));
  for (const c of list) if (!c.closed) await c.resume();
}

/** Records when a transport's DTLS connected (for `resumeWhenViewerReady`). */
export function trackDtlsConnected(transport: WebRtcTransport): void {
  transport.on("dtlsstatechange", (state) => {
    if (state === "connected") transport.appData.dtlsConnectedAt = Date.now();
  });
}
