/**
 * Who may publish a lane's video: staff and admins (access token), a camera
 * presenting the lane's own key, or the global camera key (the simulator,
 * `CAMERA_KEY`) on simulated lanes, or on every lane when `CAMERA_KEY_LANES`
 * is "all". Each grant is written to the audit log with the kind of key, the
 * lane and the caller's address.
 */
import { DomainError, HttpError } from "../../core/problem.ts";
import { recordAudit } from "../audit/log.ts";
import { type AuthUser, bearer } from "../auth/guard.ts";
import { STAFF } from "../auth/roles.ts";
import type { AccessTokenError } from "../auth/tokens.ts";
import type { SqlOrTx } from "../db.ts";
import { cameraKeyMatches, sameSecret } from "./camera_key.ts";
import type { Lane } from "./repo.ts";

export interface PublishRequest {
  authorization: string | undefined;
  user?: AuthUser;
  authError?: AccessTokenError;
}

export interface GlobalCameraKey {
  key: string;
  /** "sim": simulated lanes only; "all": any lane. */
  lanes: "sim" | "all";
}

/** Who is publishing: a staff account, the lane's own camera key or the global one. */
export type PublisherKind = "staff" | "lane-key" | "global-key";

export interface Publisher {
  kind: PublisherKind;
  /** The subject of the publish token. */
  sub: string;
  user?: AuthUser;
}

/** Who may publish to `lane`, or a 401/403 saying why not. */
export function authorizePublisher(
  req: PublishRequest,
  lane: Pick<Lane, "id" | "cameraKeyHash" | "sourceKind">,
  global: GlobalCameraKey,
): Publisher {
  if (req.user) {
    if (STAFF.includes(req.user.role)) {
      return { kind: "staff", sub: `staff:${req.user.id}`, user: req.user };
    }
    throw new DomainError("forbidden", "Publishing needs a camera key or a staff account");
  }
  if (req.authError) throw new HttpError(401, req.authError.code, req.authError.message);
  const key = bearer(req.authorization);
  if (!key) {
    throw new DomainError(
      "camera_key_required",
      'Publishing needs "Authorization: Bearer <camera key>"',
    );
  }
  if (cameraKeyMatches(key, lane.cameraKeyHash)) return { kind: "lane-key", sub: "camera:lane" };
  if (sameSecret(key, global.key)) {
    if (global.lanes === "sim" && lane.sourceKind !== "sim") {
      throw new DomainError(
        "camera_key_not_for_lane",
        `The global camera key publishes only to simulated lanes; lane "${lane.id}" needs its own camera key`,
      );
    }
    return { kind: "global-key", sub: "camera" };
  }
  throw new DomainError("camera_key_wrong", "The camera key is not valid");
}

/** The audit row of a publish grant: who (account or kind of key), which lane and epoch, from where. */
export async function auditPublishGrant(
  sql: SqlOrTx,
  grant: {
    publisher: Publisher;
    laneId: string;
    epoch: number;
    address: string;
    requestId?: string;
  },
): Promise<void> {
  await recordAudit(sql, {
    actor: grant.publisher.user ?? null,
    action: "lane.publish.grant",
    targetType: "lane",
    targetId: grant.laneId,
    detail: { key: grant.publisher.kind, address: grant.address, publishEpoch: grant.epoch },
    requestId: grant.requestId,
  });
}
