import { useEffect, useRef } from "preact/hooks";
import type { Api } from "../api.ts";
import { StageOverlay } from "./stage_overlay.tsx";
import { useLanePlayer } from "./use_lane_player.ts";
import { VideoView } from "./video_view.tsx";

/** A muted live thumbnail that plays only while it is on screen. */
export function LanePreview({ laneId, api }: { laneId: string; api: Pick<Api, "watchLane"> }) {
  const ref = useRef<HTMLDivElement>(null);
  const player = useLanePlayer(laneId, api, false);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    if (typeof IntersectionObserver === "undefined") {
      player.start();
      return;
    }
    const observer = new IntersectionObserver(
      ([entry]) => entry.isIntersecting ? player.start() : player.stop(),
      { rootMargin: "120px" },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [player]);

  return (
    <div ref={ref} class="preview">
      <VideoView stream={player.stream} class="preview__video" />
      <StageOverlay player={player} compact />
    </div>
  );
}
