/** Looking a lane up for a route: ids that cannot be lane ids and missing lanes are both a 404. */
import { isLaneId } from "../../core/lane_token.ts";
import { DomainError } from "../../core/problem.ts";
import type { SqlOrTx } from "../db.ts";
import { getLane, type Lane } from "./repo.ts";

export async function findLane(sql: SqlOrTx, id: string): Promise<Lane> {
  const lane = isLaneId(id) ? await getLane(sql, id) : null;
  if (!lane) throw unknownLane(id);
  return lane;
}

/** `id` if it can be a lane id, else the 404 for it. */
export function laneIdOr404(id: string): string {
  if (!isLaneId(id)) throw unknownLane(id);
  return id;
}

export function unknownLane(id: string): DomainError {
  return new DomainError("unknown_lane", `Cannot find lane "${id.slice(0, 64)}"`);
}
