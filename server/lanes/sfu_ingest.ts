/**
 * The server's own orders to the SFU about a lane's camera, signed with the
 * server-only right `lane:ingest` (never handed to a camera, a person or the
 * sidecar): pull a camera URL, and drop the lane's publishers when its camera
 * key changes or the lane is disabled.
 */
import { signLaneToken } from "../../core/lane_token.ts";
import type { SigningKeys } from "../keys.ts";
import type { SfuLaneClient } from "../sfu_client.ts";
import type { PublishCut } from "./admin.ts";

/** A short-lived `lane:ingest` token for one call to the SFU. */
export async function ingestToken(keys: SigningKeys, lane: string): Promise<string> {
  return await signLaneToken(keys.privateKey, { lane, right: "lane:ingest", sub: "server" }, {
    ttlSeconds: 60,
    kid: keys.kid,
  });
}

/**
 * Tells the SFU the lane's new publish epoch, so its live publishers are
 * dropped and older publish tokens refused. Never rejects: the change is
 * stored, and the camera sync tells the SFU again on its next round.
 */
export async function cutPublishers(
  sfu: SfuLaneClient,
  keys: SigningKeys,
  cut: PublishCut,
): Promise<void> {
  try {
    await sfu.setPublishEpoch(cut.laneId, await ingestToken(keys, cut.laneId), cut.epoch);
  } catch (err) {
    console.warn(`lane ${cut.laneId}: cannot drop its publishers now: ${(err as Error).message}`);
  }
}
