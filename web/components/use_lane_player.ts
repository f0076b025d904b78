import { useEffect, useMemo } from "preact/hooks";
import type { Api } from "../api.ts";
import { LanePlayer } from "../lane_player.ts";

/** One {@linkcode LanePlayer} per lane for the component's lifetime; stopped on unmount. */
export function useLanePlayer(laneId: string, api: Pick<Api, "watchLane">, autoStart = true) {
  const player = useMemo(() => new LanePlayer({ laneId, api }), [laneId, api]);
  useEffect(() => {
    if (autoStart) player.start();
    return () => player.stop();
  }, [player, autoStart]);
  return player;
}
