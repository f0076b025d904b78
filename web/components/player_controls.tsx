import { type ReadonlySignal, type Signal, useComputed } from "@preact/signals";
import type { RefObject } from "preact";
import type { LanePlayer } from "../lane_player.ts";
import { LIVE_EDGE_TEXT, type LiveEdgeState } from "../live_edge.ts";
import { FullscreenIcon, SoundIcon, StatsIcon } from "./icons.tsx";

export interface PlayerControlsProps {
  player: LanePlayer;
  showStats: Signal<boolean>;
  muted: Signal<boolean>;
  stage: RefObject<HTMLElement>;
  /** Whether the viewer is at the live edge; see {@linkcode LiveEdgeState}. */
  liveEdge: ReadonlySignal<LiveEdgeState>;
  onGoLive: () => void;
}

/** Go live, stats toggle, sound (only when the lane sends audio) and fullscreen. */
export function PlayerControls(
  { player, showStats, muted, stage, liveEdge, onGoLive }: PlayerControlsProps,
) {
  const hasAudio = useComputed(() => (player.stream.value?.getAudioTracks().length ?? 0) > 0);
  const edge = liveEdge.value;

  return (
    <div class="controls">
      {edge !== "none" && (
        <button
          type="button"
          class="button live-edge"
          data-testid="live-edge"
          data-state={edge}
          aria-label={LIVE_EDGE_TEXT[edge].label}
          aria-disabled={edge === "live" ? "true" : undefined}
          aria-keyshortcuts="L"
          title={edge === "live" ? "Watching live" : "Go live (L)"}
          onClick={edge === "behind" ? onGoLive : undefined}
        >
          <span class="live-edge__dot" aria-hidden="true" /> {LIVE_EDGE_TEXT[edge].text}
        </button>
      )}
      <button
        type="button"
        class="button"
        aria-pressed={showStats}
        aria-keyshortcuts="S"
        title="Stats (S)"
        onClick={() => showStats.value = !showStats.value}
      >
        <StatsIcon /> Stats
      </button>
      {hasAudio.value && (
        <button
          type="button"
          class="button"
          aria-keyshortcuts="M"
          title="Sound (M)"
          onClick={() => muted.value = !muted.value}
        >
          <SoundIcon muted={muted.value} /> {muted.value ? "Unmute" : "Mute"}
        </button>
      )}
      <button
        type="button"
        class="button"
        aria-keyshortcuts="F"
        title="Fullscreen (F)"
        onClick={() => toggleFullscreen(stage.current)}
      >
        <FullscreenIcon /> Fullscreen
      </button>
      <p class="controls__keys" data-testid="shortcuts">
        Keys: <kbd>S</kbd> stats · <kbd>F</kbd> fullscreen{hasAudio.value && (
          <>
            {" "}· <kbd>M</kbd> sound
          </>
        )} · <kbd>L</kbd> go live
      </p>
    </div>
  );
}

export function toggleFullscreen(element: HTMLElement | null): void {
  if (!element) return;
  if (document.fullscreenElement) {
    void document.exitFullscreen();
  } else if (element.requestFullscreen) {
    void element.requestFullscreen().catch(() => {});
  } else {
    // iOS Safari: only the video element itself can go fullscreen
    const video = element.querySelector("video") as
      | (HTMLVideoElement & { webkitEnterFullscreen?: () => void })
      | null;
    video?.webkitEnterFullscreen?.();
  }
}
