import { useEffect, useMemo } from "preact/hooks";
import type { Api } from "../api.ts";
import { LiveLaneModel } from "../live_lane_model.ts";

/** One {@linkcode LiveLaneModel} per lane for the component's lifetime; stopped on unmount. */
export function useLiveLane(
  laneId: string,
  api: Pick<Api, "liveUrl" | "laneShots" | "laneVideoFit">,
): LiveLaneModel {
  const model = useMemo(() => new LiveLaneModel({ laneId, api }), [laneId, api]);
  useEffect(() => {
    model.start();
    return () => model.stop();
  }, [model]);
  return model;
}
