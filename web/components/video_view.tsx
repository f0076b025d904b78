import type { ReadonlySignal } from "@preact/signals";
import { useSignalEffect } from "@preact/signals";
import { useRef } from "preact/hooks";

export interface VideoViewProps {
  stream: ReadonlySignal<MediaStream | null>;
  /** Default: always muted (autoplay needs it). */
  muted?: ReadonlySignal<boolean>;
  class?: string;
}

/** A `<video>` that plays whatever stream the signal holds. */
export function VideoView({ stream, muted, class: className }: VideoViewProps) {
  const ref = useRef<HTMLVideoElement>(null);

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

  return <video ref={ref} class={className} autoplay muted playsinline disablePictureInPicture />;
}
