import { formatBitrate, formatSince } from "./format.ts";
import { SOURCE_LABELS } from "./lane_health_card.tsx";
import type { StaffLane } from "./staff_api.ts";

/** Camera health figures: live, viewers, bitrate, quality, source. */
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
      ["score", "Quality", c.score == null ? "—" : `${c.score}/10`],
      ["source", "Source", lane.sourceUrl ?? SOURCE_LABELS[lane.source]],
      ["key", "Camera key", lane.hasCameraKey ? "Set" : "None (global key only)"],
    );
  }
  return (
    <dl class="health" data-compact={compact}>
      {rows.map(([key, label, value]) => (
        <div class="health__row" key={key} data-health={key}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
