import { formatBitrate, formatSince } from "./format.ts";
import { SOURCE_LABELS } from "./lane_health_card.tsx";
import type { StaffLane } from "./staff_api.ts";

/**
 * Camera health figures: live, viewers, bitrate, receive quality (with what
 * it is made of), source.
 */
export function CameraHealthList(
  { lane, compact = false }: { lane: StaffLane; compact?: boolean },
) {
  const c = lane.camera;
  const rows: [string, string, string][] = [
    [
      "live",
      "Camera",
      c.sfu === "down" ? "SFU down" : c.live ? `Live ${formatSince(c.liveSince)}` : "Offline",
    ],
    ["viewers", "Viewers", String(c.viewers)],
    ["bitrate", "Bitrate", formatBitrate(c.bitrate)],
  ];
  if (!compact) {
    rows.push(
      ["score", "Receive quality", receiveQuality(c.score)],
      ["source", "Source", lane.sourceUrl ?? SOURCE_LABELS[lane.source]],
      ["key", "Camera key", lane.hasCameraKey ? "Set" : "None (global key only)"],
    );
  }
  return (
    <>
      <dl class="health" data-compact={compact}>
        {rows.map(([key, label, value]) => (
          <div class="health__row" key={key} data-health={key}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {!compact && (
        <p class="health__note" data-testid="quality-note">
          Receive quality is the media server's 0–10 score of the camera's stream as it arrives,
          made from the packets lost on the way (10: none lost). It says nothing about focus or
          light; below 8, check the camera's network or lower its bitrate.
        </p>
      )}
    </>
  );
}

/** "Clean (10 of 10)", "Some loss (6 of 10)", "Heavy loss (3 of 10)", "—" without a stream. Pure. */
export function receiveQuality(score: number | null): string {
  if (score == null) return "—";
  const word = score >= 8 ? "Clean" : score >= 5 ? "Some loss" : "Heavy loss";
  return `${word} (${score} of 10)`;
}
