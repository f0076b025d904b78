/**
 * The one module that imports mediasoup. Everything else uses these re-exports,
 * so moving past 3.8.4 (the only version whose worker installs here) is a bump
 * in import_map.json plus whatever this file needs.
 */
import * as mediasoup from "mediasoup";
import type { types } from "mediasoup";

export type Worker = types.Worker;
export type Router = types.Router;
export type WebRtcTransport = types.WebRtcTransport;
export type PlainTransport = types.PlainTransport;
export type PipeTransport = types.PipeTransport;
export type Transport = types.Transport;
export type DirectTransport = types.DirectTransport;
export type Producer = types.Producer;
export type Consumer = types.Consumer;
export type RtpCodecCapability = types.RtpCodecCapability;
export type RtpCapabilities = types.RtpCapabilities;
export type RtpParameters = types.RtpParameters;
export type RtpCodecParameters = types.RtpCodecParameters;
export type DtlsParameters = types.DtlsParameters;
export type MediaKind = types.MediaKind;
export type WorkerLogLevel = types.WorkerLogLevel;

export const MEDIASOUP_VERSION: string = mediasoup.version;

export interface WorkerOptions {
  logLevel: WorkerLogLevel;
  rtcMinPort: number;
  rtcMaxPort: number;
}

export async function createWorker(options: WorkerOptions): Promise<Worker> {
  return await mediasoup.createWorker({
    logLevel: options.logLevel,
    rtcMinPort: options.rtcMinPort,
    rtcMaxPort: options.rtcMaxPort,
  });
}

/**
 * Codecs every lane router offers. VP8 is what the simulator, browsers and the
 * inference sidecar use; H.264 (baseline and high) lets IP cameras be relayed
 * without transcoding; Opus carries audio from encoders that send it.
 * VP8 takes payload type 96, the number browsers and libwebrtc offer it under,
 * so WHEP answers mostly keep the offerer's numbering.
 */
export const LANE_MEDIA_CODECS: RtpCodecCapability[] = [
  {
    kind: "video",
    mimeType: "video/VP8",
    clockRate: 90000,
    preferredPayloadType: 96,
    parameters: {},
  },
  {
    kind: "video",
    mimeType: "video/H264",
    clockRate: 90000,
    preferredPayloadType: 102,
    parameters: {
      "packetization-mode": 1,
      "profile-level-id": "42e01f",
      "level-asymmetry-allowed": 1,
    },
  },
  {
    kind: "video",
    mimeType: "video/H264",
    clockRate: 90000,
    preferredPayloadType: 108,
    parameters: {
      "packetization-mode": 1,
      "profile-level-id": "4d0032",
      "level-asymmetry-allowed": 1,
    },
  },
  {
    kind: "video",
    mimeType: "video/H264",
    clockRate: 90000,
    preferredPayloadType: 112,
    parameters: {
      "packetization-mode": 1,
      "profile-level-id": "640032",
      "level-asymmetry-allowed": 1,
    },
  },
  {
    kind: "audio",
    mimeType: "audio/opus",
    clockRate: 48000,
    channels: 2,
    preferredPayloadType: 111,
  },
];
