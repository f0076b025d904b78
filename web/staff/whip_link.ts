/**
 * One WHIP publish of a browser camera track (media/whip_client.ts): offer,
 * answer, wait for ICE to connect, then watch the link until it breaks: the
 * peer connection fails or stays disconnected past a grace period (the
 * network dropped), or the SFU ends the link on its event stream (`reconnect`
 * when the lane moved to another worker, `closed` with its reason).
 */
import { connectWhip } from "../../media/peer_watch.ts";
import type { CameraLink, PublishGrant } from "./camera_publisher.ts";

export interface PublishTrackOptions {
  /** How long "disconnected" may last before the link counts as broken. Default: 2000 ms. */
  disconnectedGraceMs?: number;
}

/** Publishes `track` to the grant's WHIP endpoint; resolves once media flows. */
export async function publishTrack(
  track: MediaStreamTrack,
  grant: PublishGrant,
  options: PublishTrackOptions = {},
): Promise<CameraLink> {
  const pc = new RTCPeerConnection();
  try {
    pc.addTransceiver(track, { direction: "sendonly" });
    const { link, broken } = await connectWhip(
      pc,
      grant.whipUrl,
      grant.token,
      options.disconnectedGraceMs ?? 2000,
    );
    return {
      ended: broken.done,
      end: broken.cancel,
      close: () => link.close(),
      reason: broken.reason,
    };
  } catch (error) {
    pc.close();
    throw error;
  }
}
