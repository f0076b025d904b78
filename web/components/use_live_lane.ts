import { useEffect, useMemo } from "preact/hooks";
import type { Api } from "../api.ts";
import { LiveLaneModel, type LiveLaneModelOptions } from "../live_lane_model.ts";

/**
 * One {@linkcode LiveLaneModel} per lane for the component's lifetime; stopped on unmount.
 * `extra` (ticket, listeners, onOpen) is read once, when the model is made.
 */
export function useLiveLane(
  laneId: string,
  api: Pick<Api, "liveUrl" | "laneShots" | "laneVideoFit">,
  extra: Pick<LiveLaneModelOptions, "ticket" | "listeners" | "onOpen"> = {},
): LiveLaneModel {
  const model = useMemo(() => new LiveLaneModel({ laneId, api, ...extra }), [laneId, api]);
  useEffect(() => {
    model.start();
    return () => model.stop();
  }, [model]);
  return model;
}
