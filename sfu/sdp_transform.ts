/**
 * sdp-transform with types for the parts of its session object Lanecast reads
 * and writes (the package ships none).
 */
// @ts-types="./sdp_transform_untyped.d.ts"
import untyped from "sdp-transform";

export interface SdpRtp {
  payload: number;
  codec: string;
  rate?: number;
  encoding?: number | string;
}
export interface SdpFmtp {
  payload: number;
  config: string;
}
export interface SdpRtcpFb {
  payload: number | string;
  type: string;
  subtype?: string;
}
export interface SdpExt {
  value: number;
  uri: string;
  direction?: string;
}
export interface SdpSsrc {
  id: number | string;
  attribute: string;
  value?: string;
}
export interface SdpSsrcGroup {
  semantics: string;
  ssrcs: string;
}
export interface SdpRid {
  id: string | number;
  direction: string;
  params?: string;
}
export interface SdpCandidate {
  foundation: string;
  component: number;
  transport: string;
  priority: number;
  ip: string;
  port: number;
  type: string;
  tcptype?: string;
}
export interface SdpFingerprint {
  type: string;
  hash: string;
}
export interface SdpMedia {
  type: string;
  port: number;
  protocol: string;
  payloads?: string;
  connection?: { version: number; ip: string };
  rtp: SdpRtp[];
  fmtp: SdpFmtp[];
  rtcpFb?: SdpRtcpFb[];
  ext?: SdpExt[];
  mid?: string | number;
  direction?: string;
  iceUfrag?: string;
  icePwd?: string;
  fingerprint?: SdpFingerprint;
  setup?: string;
  candidates?: SdpCandidate[];
  endOfCandidates?: string;
  rtcpMux?: string;
  rtcpRsize?: string;
  ssrcs?: SdpSsrc[];
  ssrcGroups?: SdpSsrcGroup[];
  rids?: SdpRid[];
  simulcast?: { dir1: string; list1: string };
  msid?: string;
  [key: string]: unknown;
}
export interface SdpSession {
  version: number;
  origin: {
    username: string;
    sessionId: string | number;
    sessionVersion: number;
    netType: string;
    ipVer: number;
    address: string;
  };
  name: string;
  timing: { start: number; stop: number };
  groups?: { type: string; mids: string }[];
  fingerprint?: SdpFingerprint;
  iceUfrag?: string;
  icePwd?: string;
  icelite?: string;
  setup?: string;
  msidSemantic?: { semantic: string; token: string };
  media: SdpMedia[];
  [key: string]: unknown;
}

interface SdpTransform {
  parse(sdp: string): SdpSession;
  write(session: SdpSession): string;
  parseParams(str: string): Record<string, string | number>;
}

const sdp = untyped as unknown as SdpTransform;
export const parseSdp = (text: string): SdpSession => sdp.parse(text);
export const writeSdp = (session: SdpSession): string => sdp.write(session);
export const parseFmtpParams = (config: string): Record<string, string | number> =>
  sdp.parseParams(config);
