import { type Signal, useComputed } from "@preact/signals";
import type { RefObject } from "preact";
import type { LanePlayer } from "../lane_player.ts";
import { FullscreenIcon, SoundIcon, StatsIcon } from "./icons.tsx";

export interface PlayerControlsProps {
  player: LanePlayer;
  showStats: Signal<boolean>;
  muted: Signal<boolean>;
  stage: RefObject<HTMLElement>;
}

/** Stats toggle, sound (only when the lane sends audio) and fullscreen. */
export function PlayerControls({ player, showStats, muted, stage }: PlayerControlsProps) {
  const hasAudio = useComputed(() => (player.stream.value?.getAudioTracks().length ?? 0) > 0);

  return (
    <div class="controls">
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
        )} · <kbd>L</kbd> back to live
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
