import type { ReadonlySignal } from "@preact/signals";
import { useSignalEffect } from "@preact/signals";
import { useRef } from "preact/hooks";
import type { LaneShot, LaneVideoFit } from "../api.ts";
import { PathOverlay } from "./path_overlay.tsx";

/** What plays over the live picture: an instant replay's stream, or a stored clip. */
export type ReplaySource =
  | { kind: "instant"; stream: MediaStream; shotId: string; fromMs: number; toMs: number }
  | { kind: "clip"; url: string; posterUrl: string | null; shotId: string };

export interface ReplayLayerProps {
  source: ReadonlySignal<ReplaySource | null>;
  /** The shot being replayed (its track is drawn over the replay), when known. */
  shot: ReadonlySignal<LaneShot | null>;
  fit: ReadonlySignal<LaneVideoFit | null>;
  onClose: () => void;
}

/**
 * A replay swapped in over the live video with a "Replay" badge and the
 * ball's path drawn over it, and a way back to live. An instant replay ends
 * by itself (the player drops it after its duration); a clip ends when it has
 * played once.
 */
export function ReplayLayer({ source, shot, fit, onClose }: ReplayLayerProps) {
  const ref = useRef<HTMLVideoElement>(null);
  const s = source.value;

  useSignalEffect(() => {
    const video = ref.current;
    const current = source.value;
    if (!video || !current) return;
    if (current.kind === "instant") {
      if (video.srcObject !== current.stream) video.srcObject = current.stream;
    } else if (video.getAttribute("src") !== current.url) {
      video.srcObject = null;
      video.src = current.url;
    }
    video.play().catch(() => {/* autoplay refused; the controls remain */});
  });

  if (!s) return null;
  return (
    <div class="replay-layer" data-testid="replay-layer" data-kind={s.kind} data-shot={s.shotId}>
      <video
        ref={ref}
        class="stage__video"
        autoplay
        muted
        playsinline
        disablePictureInPicture
        poster={s.kind === "clip" ? s.posterUrl ?? undefined : undefined}
        onEnded={s.kind === "clip" ? onClose : undefined}
      />
      <PathOverlay shot={shot} fit={fit} />
      <span class="replay-layer__badge" data-testid="replay-badge">
        {s.kind === "instant" ? "Replay" : "Clip"}
      </span>
      <button type="button" class="replay-layer__back button" onClick={onClose}>
        Back to live
      </button>
    </div>
  );
}
