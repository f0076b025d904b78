/**
 * Who may publish a lane's video: staff and admins (access token), a camera
 * presenting the lane's own key, or anything presenting the global camera
 * key (the simulator, `CAMERA_KEY`).
 */
import { DomainError, HttpError } from "../../core/problem.ts";
import { type AuthUser, bearer } from "../auth/guard.ts";
import { STAFF } from "../auth/roles.ts";
import type { AccessTokenError } from "../auth/tokens.ts";
import { cameraKeyMatches, sameSecret } from "./camera_key.ts";
import type { Lane } from "./repo.ts";

export interface PublishRequest {
  authorization: string | undefined;
  user?: AuthUser;
  authError?: AccessTokenError;
}

/** The subject to put in the publish token, or a 401/403 saying why not. */
export function authorizePublisher(
  req: PublishRequest,
  lane: Pick<Lane, "cameraKeyHash">,
  globalKey: string,
): string {
  if (req.user) {
    if (STAFF.includes(req.user.role)) return `staff:${req.user.id}`;
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
  if (cameraKeyMatches(key, lane.cameraKeyHash)) return "camera:lane";
  if (sameSecret(key, globalKey)) return "camera";
  throw new DomainError("camera_key_wrong", "The camera key is not valid");
}
