/**
 * Looking a lane up for a route: ids that cannot be lane ids and missing lanes
 * are both a 404, and so is a hidden lane for anyone but staff (the public
 * cannot tell a hidden lane from one that does not exist).
 */
import { isLaneId } from "../../core/lane_token.ts";
import { DomainError } from "../../core/problem.ts";
import type { AuthUser } from "../auth/guard.ts";
import { STAFF } from "../auth/roles.ts";
import type { SqlOrTx } from "../db.ts";
import { getLane, type Lane } from "./repo.ts";

export async function findLane(sql: SqlOrTx, id: string): Promise<Lane> {
  const lane = isLaneId(id) ? await getLane(sql, id) : null;
  if (!lane) throw unknownLane(id);
  return lane;
}

/** Whether the caller sees hidden lanes: staff and admins do. */
export function seesHiddenLanes(user: AuthUser | undefined): boolean {
  return user !== undefined && STAFF.includes(user.role);
}

/** The lane as this caller may see it: a hidden lane is 404 `unknown_lane` but for staff. */
export async function findVisibleLane(
  sql: SqlOrTx,
  id: string,
  user: AuthUser | undefined,
): Promise<Lane> {
  const lane = await findLane(sql, id);
  if (lane.hidden && !seesHiddenLanes(user)) throw unknownLane(id);
  return lane;
}

/**
 * Whether a thing on lane `laneId` (a market, a shot's clip) must answer 404
 * to this caller: its lane is hidden and the caller is not staff.
 */
export async function hiddenFrom(
  sql: SqlOrTx,
  laneId: string,
  user: AuthUser | undefined,
): Promise<boolean> {
  if (seesHiddenLanes(user)) return false;
  const lane = await getLane(sql, laneId);
  return lane?.hidden === true;
}

/** `id` if it can be a lane id, else the 404 for it. */
export function laneIdOr404(id: string): string {
  if (!isLaneId(id)) throw unknownLane(id);
  return id;
}

export function unknownLane(id: string): DomainError {
  return new DomainError("unknown_lane", `Cannot find lane "${id.slice(0, 64)}"`);
}
