import type { ReadonlySignal, Signal } from "@preact/signals";
import { useSignalEffect } from "@preact/signals";
import type { RefObject } from "preact";
import { useRef } from "preact/hooks";

export interface VideoViewProps {
  stream: ReadonlySignal<MediaStream | null>;
  /** Default: always muted (autoplay needs it). */
  muted?: ReadonlySignal<boolean>;
  class?: string;
  /** Set while the element is paused (OS media controls, a backgrounded tab, autoplay refused). */
  paused?: Signal<boolean>;
  /** The element itself, e.g. to play it again. */
  videoRef?: RefObject<HTMLVideoElement>;
}

/** A `<video>` that plays whatever stream the signal holds. */
export function VideoView(
  { stream, muted, class: className, paused, videoRef }: VideoViewProps,
) {
  const own = useRef<HTMLVideoElement>(null);
  const ref = videoRef ?? own;
  const track = () => {
    if (paused && ref.current) paused.value = ref.current.paused;
  };

  useSignalEffect(() => {
    const video = ref.current;
    const current = stream.value;
    if (!video) return;
    if (video.srcObject !== current) video.srcObject = current;
    if (current) video.play().catch(() => {/* autoplay refused; the element stays paused */});
  });

  useSignalEffect(() => {
    const video = ref.current;
    if (video) video.muted = muted?.value ?? true;
  });

  return (
    <video
      ref={ref}
      class={className}
      autoplay
      muted
      playsinline
      disablePictureInPicture
      onPlay={track}
      onPlaying={track}
      onPause={track}
      onEmptied={track}
    />
  );
}
