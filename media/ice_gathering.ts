/**
 * Waiting for ICE gathering, with no libwebrtc import: the browser's camera
 * page (web/staff/camera_publisher.ts) and the Deno peers share it.
 */

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
