/**
 * The player's "go live" control: whether the viewer sees the live picture
 * now, or is behind it (a replay or clip plays over it, or the video element
 * is paused — by the OS media controls, a backgrounded tab, autoplay refused)
 * and can go back to it.
 */
import type { PlayerStatus } from "./lane_player.ts";

/** `live`: at the live edge; `behind`: live video exists but is not what plays; `none`: no live video. */
export type LiveEdgeState = "live" | "behind" | "none";

export interface LiveEdgeInput {
  status: PlayerStatus;
  /** An instant replay or a stored clip is shown over the live picture. */
  replaying: boolean;
  /** The live `<video>` element is paused. */
  paused: boolean;
}

export function liveEdgeState({ status, replaying, paused }: LiveEdgeInput): LiveEdgeState {
  if (replaying) return status === "live" || status === "reconnecting" ? "behind" : "none";
  if (status !== "live") return "none";
  return paused ? "behind" : "live";
}

/** The control's visible text and its accessible name. */
export const LIVE_EDGE_TEXT: Readonly<Record<"live" | "behind", { text: string; label: string }>> =
  Object.freeze({
    live: { text: "Live", label: "Live: you are watching the live picture" },
    behind: { text: "Go live", label: "Go live: back to the live picture" },
  });

export interface GoLiveParts {
  /** Ends an instant replay ({@linkcode LanePlayer.endReplay}). */
  endReplay: () => void;
  /** Closes a stored clip the viewer opened. */
  closeClip: () => void;
  /** The live video element, when mounted. */
  video: Pick<HTMLVideoElement, "play" | "paused"> | null;
}

/** Leaves any replay or clip and plays the live video again. */
export function goLive({ endReplay, closeClip, video }: GoLiveParts): void {
  endReplay();
  closeClip();
  if (video?.paused) video.play().catch(() => {/* refused; the control stays "Go live" */});
}
