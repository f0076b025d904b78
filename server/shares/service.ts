/**
 * Sharing a shot's clip: make a link (with its QR code), open it, revoke it.
 * A link is good until staff revoke it; revoked links answer `share_revoked`.
 */
import type { ShotClip } from "../../core/clips.ts";
import { DomainError } from "../../core/problem.ts";
import { recordAudit } from "../audit/log.ts";
import type { AuthUser } from "../auth/guard.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import { renderQr, siteLink } from "../lanes/qr.ts";
import { assertMayShare } from "./access.ts";
import type { ClipSource } from "./clip_source.ts";
import {
  findShare,
  findShareByRef,
  insertShare,
  revokeShare,
  type Share,
  type ShareRef,
} from "./repo.ts";
import { isShareToken, newShareToken, sharePath } from "./tokens.ts";

export interface NewShare {
  id: string;
  token: string;
  url: string;
  qrSvg: string;
}

/** Size of the QR code in a share answer (the SVG scales). */
const QR_PX = 256;

/** Share links one user may make per hour (each dialog opened makes one). */
export const SHARES_PER_HOUR = 60;

/** Throws `too_many_shares` when `userId` made {@linkcode SHARES_PER_HOUR} links in the last hour. */
export async function assertShareAllowance(sql: SqlOrTx, userId: string): Promise<void> {
  const [{ n }] = await sql<{ n: number }[]>`
    select count(*)::int as n from clip_shares
    where created_by = ${userId} and created_at > now() - interval '1 hour'`;
  if (n >= SHARES_PER_HOUR) {
    throw new DomainError("too_many_shares", `At most ${SHARES_PER_HOUR} share links an hour`, {
      retryAfter: 600,
    });
  }
}

/** Makes a share link of `shotId` for `user` (its bowler, session opener or staff). */
export async function createShare(
  sql: Sql,
  user: Pick<AuthUser, "id" | "role">,
  shotId: string,
  site: string,
): Promise<NewShare> {
  await assertMayShare(sql, user, shotId);
  await assertShareAllowance(sql, user.id);
  const token = newShareToken();
  const share = await insertShare(sql, token, shotId, user.id);
  const url = siteLink(site, sharePath(token));
  const qrSvg = new TextDecoder().decode(await renderQr(url, "svg", QR_PX));
  return { id: share.id, token, url, qrSvg };
}

/** The live share of `token`: `unknown_share` (also for malformed tokens) or `share_revoked`. */
export async function openShare(sql: Sql, token: string): Promise<Share> {
  const share = isShareToken(token) ? await findShare(sql, token) : null;
  if (!share) throw new DomainError("unknown_share", "Cannot find this share link");
  if (share.revokedAt) throw new DomainError("share_revoked", "This share link was revoked");
  return share;
}

/** What a share link shows. */
export interface SharedClip {
  shotId: string;
  laneId: string;
  clip: ShotClip;
}

export async function sharedClip(sql: Sql, clips: ClipSource, token: string): Promise<SharedClip> {
  const share = await openShare(sql, token);
  return { shotId: share.shotId, laneId: share.laneId, clip: await clips.shotClip(share.shotId) };
}

/** Staff revoke a link by its token or share id (audited once; again answers it as it is). */
export async function revoke(
  sql: Sql,
  ref: ShareRef,
  actor: { user: AuthUser; requestId?: string },
): Promise<Share> {
  return await sql.begin(async (tx) => {
    const share = await revokeShare(tx, ref, actor.user.id);
    if (!share) {
      const known = await findShareByRef(tx, ref);
      if (!known) throw new DomainError("unknown_share", "Cannot find this share link");
      return known;
    }
    await recordAudit(tx, {
      actor: actor.user,
      action: "share.revoke",
      targetType: "share",
      targetId: share.id,
      detail: { shotId: share.shotId },
      requestId: actor.requestId,
    });
    return share;
  });
}
