/**
 * The one import of @roamhq/wrtc (libwebrtc for Deno/Node): standard
 * RTCPeerConnection plus the nonstandard raw-frame source and sink.
 */
import wrtc from "@roamhq/wrtc";

export const RTCPeerConnection = wrtc.RTCPeerConnection as typeof globalThis.RTCPeerConnection;
export const { RTCVideoSource, RTCVideoSink } = wrtc.nonstandard;
export type RTCVideoFrame = { width: number; height: number; data: Uint8Array; rotation?: number };

/** Waits until ICE gathering is complete (WHIP/WHEP here send one offer with every candidate). */
export async function iceGatheringComplete(pc: RTCPeerConnection, timeoutMs = 3000): Promise<void> {
  if (pc.iceGatheringState === "complete") return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    function done() {
      clearTimeout(timer);
      pc.removeEventListener("icegatheringstatechange", check);
      resolve();
    }
    function check() {
      if (pc.iceGatheringState === "complete") done();
    }
    pc.addEventListener("icegatheringstatechange", check);
  });
}
