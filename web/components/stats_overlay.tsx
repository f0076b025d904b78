import { useComputed } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { LanePlayer } from "../lane_player.ts";
import { formatStats, type StatsText } from "../player_stats.ts";

const ROWS: [string, keyof StatsText][] = [
  ["Bitrate", "bitrate"],
  ["Frame rate", "frameRate"],
  ["Resolution", "resolution"],
  ["Codec", "codec"],
  ["Jitter buffer", "jitterBuffer"],
  ["Round trip", "roundTrip"],
  ["Packets lost", "packetsLost"],
];

/** Live playback figures; stats are sampled only while this is shown. */
export function StatsOverlay({ player }: { player: LanePlayer }) {
  useEffect(() => player.collectStats(1000), [player]);
  const text = useComputed(() => formatStats(player.stats.value)).value;

  return (
    <aside class="stats" aria-label="Playback statistics">
      <div class="stats__latency">
        <span class="stats__label">Latency (estimate)</span>
        <span class="stats__big">{text.latency}</span>
        <span class="stats__note">jitter buffer + decode + ½ round trip</span>
      </div>
      <dl class="stats__grid">
        {ROWS.map(([label, key]) => (
          <div class="stats__row" key={key} data-stat={key}>
            <dt>{label}</dt>
            <dd>{text[key]}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
