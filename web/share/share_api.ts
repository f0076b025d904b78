/** The web app's calls for clips and sharing (server/routes/shares.ts, share_sms.ts, phone.ts, clips.ts). */
import type { ShotClip } from "../../core/clips.ts";
import { type AuthedFetch, requestJson } from "../api.ts";

export interface NewShare {
  id: string;
  token: string;
  url: string;
  qrSvg: string;
}

export interface PhoneStatus {
  phone: string | null;
  verified: boolean;
}

export interface TextedShare {
  shareId: string;
  url: string;
  messageId: string;
  to: string;
  mms: boolean;
}

export interface ShareRow {
  id: string;
  createdBy: string | null;
  createdAt: string;
  revokedAt: string | null;
}

const shot = (id: string) => `/api/shots/${encodeURIComponent(id)}`;

export function createShareApi(fetch: AuthedFetch | typeof globalThis.fetch) {
  return {
    /** A shot's clip with fresh signed addresses (public). */
    clip: (shotId: string) => requestJson<ShotClip>(fetch, `${shot(shotId)}/clip`),
    share: (shotId: string) =>
      requestJson<NewShare>(fetch, `${shot(shotId)}/shares`, { method: "POST" }),
    phone: () => requestJson<PhoneStatus>(fetch, "/api/me/phone"),
    sendCode: (phone: string) =>
      requestJson<{ phone: string }>(fetch, "/api/me/phone", { method: "POST", body: { phone } }),
    verifyCode: (code: string) =>
      requestJson<PhoneStatus>(fetch, "/api/me/phone/verify", { method: "POST", body: { code } }),
    text: (shotId: string) =>
      requestJson<TextedShare>(fetch, `${shot(shotId)}/shares/sms`, { method: "POST" }),
    /** Staff: a shot's share links, and revoking one. */
    shares: (shotId: string) =>
      requestJson<ShareRow[]>(fetch, `/api/staff/shots/${encodeURIComponent(shotId)}/shares`),
    revoke: (ref: string) =>
      requestJson<ShareRow>(fetch, `/api/staff/shares/${encodeURIComponent(ref)}`, {
        method: "DELETE",
      }),
    keep: (shotId: string, kept: boolean) =>
      requestJson<ShotClip>(fetch, `/api/staff/shots/${encodeURIComponent(shotId)}/clip/keep`, {
        method: "POST",
        body: { kept },
      }),
  };
}

export type ShareApi = ReturnType<typeof createShareApi>;
