/**
 * Sending a shot's share link by text to the caller's own verified number:
 * a new share link in the text, the clip's poster as MMS media (through the
 * share's own poster address, so a revoked link's picture stops too). The
 * share, the text and its outbox fact are one transaction.
 */
import type { AuthUser } from "../auth/guard.ts";
import type { Sql } from "../db.ts";
import { siteLink } from "../lanes/qr.ts";
import { verifiedPhone } from "../phone/verification.ts";
import { assertMayShare } from "../shares/access.ts";
import type { ClipSource } from "../shares/clip_source.ts";
import { insertShare } from "../shares/repo.ts";
import { assertShareAllowance } from "../shares/service.ts";
import { newShareToken, sharePath } from "../shares/tokens.ts";
import { assertTextAllowance, queueSms } from "./messages.ts";

export interface TextedShare {
  shareId: string;
  url: string;
  messageId: string;
  /** The number texted, all but its last 4 digits hidden. */
  to: string;
  /** Whether the poster goes along as MMS media (only when the clip was ready). */
  mms: boolean;
}

export const maskPhone = (phone: string) =>
  `${"•".repeat(Math.max(0, phone.length - 4))}${phone.slice(-4)}`;

export async function textShare(
  sql: Sql,
  deps: { clips: ClipSource; textsPerHour: number },
  user: Pick<AuthUser, "id" | "role">,
  shotId: string,
  site: string,
): Promise<TextedShare> {
  await assertMayShare(sql, user, shotId);
  const to = await verifiedPhone(sql, user.id);
  const clip = await deps.clips.shotClip(shotId);
  return await sql.begin(async (tx) => {
    await assertTextAllowance(tx, user.id, deps.textsPerHour);
    await assertShareAllowance(tx, user.id);
    const token = newShareToken();
    const share = await insertShare(tx, token, shotId, user.id);
    const url = siteLink(site, sharePath(token));
    const mms = clip.state === "ready" && !!clip.posterUrl;
    const messageId = await queueSms(tx, {
      kind: "share",
      userId: user.id,
      to,
      body: `Your shot on lane ${share.laneId}: ${url}`,
      mediaUrl: mms ? `${url}/poster` : null,
      shareId: share.id,
    });
    return { shareId: share.id, url, messageId, to: maskPhone(to), mms };
  });
}
