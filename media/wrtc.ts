/**
 * The one import of @roamhq/wrtc (libwebrtc for Deno/Node): standard
 * RTCPeerConnection plus the nonstandard raw-frame source and sink.
 */
import wrtc from "@roamhq/wrtc";

export const RTCPeerConnection = wrtc.RTCPeerConnection as typeof globalThis.RTCPeerConnection;
export const { RTCVideoSource, RTCVideoSink } = wrtc.nonstandard;
export type RTCVideoFrame = { width: number; height: number; data: Uint8Array; rotation?: number };

export { iceGatheringComplete } from "./ice_gathering.ts";
