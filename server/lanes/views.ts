/** Lanes as each audience sees them: spectators (no secrets, no URLs) and staff (camera health, calibration). */
import type { SfuLaneStatus } from "../sfu_client.ts";
import type { LaneGame } from "./lane_games.ts";
import { laneCalibration } from "./calibration.ts";
import type { Lane } from "./repo.ts";
import { redactCameraUrl } from "../../core/camera_url.ts";

/** What the SFU said about every lane, or `null` when it did not answer. */
export type SfuView = Map<string, SfuLaneStatus> | null;

/** Each lane's open game, by lane id (lanes without one are absent). */
export type GameView = Map<string, LaneGame>;

export function publicLane(lane: Lane, sfu: SfuView, games: GameView) {
  const status = sfu?.get(lane.id);
  return {
    id: lane.id,
    name: lane.name,
    live: status?.live ?? false,
    viewers: status?.viewers ?? 0,
    source: lane.sourceKind,
    game: games.get(lane.id) ?? null,
  };
}

export function publicLaneDetail(lane: Lane, sfu: SfuView, games: GameView) {
  return {
    ...publicLane(lane, sfu, games),
    enabled: lane.enabled,
    hidden: lane.hidden,
    calibrated: laneCalibration(lane) !== null,
  };
}

/** `sfuBase`: the SFU's public address, for the lane's WHIP URL (null without it). */
export function staffLane(lane: Lane, sfu: SfuView, sfuBase?: string) {
  const status = sfu?.get(lane.id);
  const calibration = laneCalibration(lane);
  return {
    id: lane.id,
    name: lane.name,
    sortOrder: lane.sortOrder,
    enabled: lane.enabled,
    hidden: lane.hidden,
    source: lane.sourceKind,
    sourceUrl: lane.sourceUrl === null ? null : redactCameraUrl(lane.sourceUrl),
    hasCameraKey: lane.cameraKeyHash !== null,
    whipUrl: sfuBase ? `${sfuBase}/whip/${lane.id}` : null,
    camera: {
      sfu: sfu ? "up" as const : "down" as const,
      live: status?.live ?? false,
      liveSince: status?.liveSince ?? null,
      viewers: status?.viewers ?? 0,
      bitrate: status?.video?.bitrate ?? null,
      score: status?.video?.score ?? null,
      lastKeyFrameAt: status?.video?.lastKeyFrameAt ?? null,
    },
    calibration: {
      calibrated: calibration !== null,
      source: calibration?.source ?? null,
      rmsPx: calibration?.fit.rmsPx ?? null,
      points: calibration?.fit.points.length ?? 0,
      width: calibration?.points.width ?? null,
      height: calibration?.points.height ?? null,
    },
    createdAt: lane.createdAt.toISOString(),
    updatedAt: lane.updatedAt.toISOString(),
  };
}
