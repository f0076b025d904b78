/**
 * A plain WHIP/WHEP client (RFC 9725) over a standard RTCPeerConnection: what
 * any WebRTC peer does, with no mediasoup code. Used by the simulator to
 * publish, by the staff camera page in the browser, and by tests and
 * benchmarks to watch.
 */
import { linkEventsUrl } from "../core/link_events.ts";
import { iceGatheringComplete } from "./ice_gathering.ts";

export class WhipError extends Error {
  /** `code` is the problem document's machine code, when the SFU sent one. */
  constructor(readonly status: number, message: string, readonly code?: string) {
    super(message);
    this.name = "WhipError";
  }
}

export interface WhipLink {
  /** Absolute URL of the media link resource (for DELETE). */
  location: string;
  answer: string;
  /** The link's event stream (core/link_events.ts), when the server offers one. */
  events?: string;
  /** Ends the media link on the server (best effort) and closes the peer connection. */
  close(): Promise<void>;
}

/** Sends `pc`'s offer to a WHIP or WHEP endpoint, applies the answer, returns the media link. */
export async function negotiate(
  pc: RTCPeerConnection,
  endpoint: string,
  token: string,
): Promise<WhipLink> {
  await pc.setLocalDescription(await pc.createOffer());
  await iceGatheringComplete(pc);
  const res = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/sdp", authorization: `Bearer ${token}` },
    body: pc.localDescription!.sdp,
  });
  const text = await res.text();
  if (res.status !== 201) {
    let detail = text;
    let code: string | undefined;
    try {
      const problem = JSON.parse(text);
      detail = problem.detail ?? text;
      code = typeof problem.code === "string" ? problem.code : undefined;
    } catch { /* not JSON */ }
    throw new WhipError(res.status, `${endpoint} answered ${res.status}: ${detail}`, code);
  }
  const location = new URL(res.headers.get("location") ?? "", endpoint).toString();
  await pc.setRemoteDescription({ type: "answer", sdp: text });
  return {
    location,
    answer: text,
    events: linkEventsUrl(res.headers.get("link"), endpoint),
    async close() {
      try {
        await fetch(location, { method: "DELETE", headers: { authorization: `Bearer ${token}` } })
          .then((r) => r.body?.cancel());
      } catch { /* server gone */ }
      pc.close();
    },
  };
}
