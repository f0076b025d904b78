/**
 * Reads what a viewer cares about from WebRTC `getStats()` reports: bitrate,
 * frame rate, resolution and an estimate of the delay behind real time.
 * Pure: give it the report's stat objects and the previous sample.
 */

/** Figures shown in the stats overlay; null where the browser gave nothing yet. */
export interface PlayerStats {
  /** Received media bitrate, all tracks, in kbit/s. */
  bitrateKbps: number | null;
  framesPerSecond: number | null;
  width: number | null;
  height: number | null;
  /** Video codec, e.g. "VP8". */
  codec: string | null;
  /** Mean time a frame waited in the jitter buffer, in ms. */
  jitterBufferMs: number | null;
  /** Mean decode time per frame, in ms. */
  decodeMs: number | null;
  /** Round-trip time of the selected ICE candidate pair, in ms. */
  roundTripMs: number | null;
  /** Estimated delay behind the SFU: jitter buffer + decode + half the round trip, in ms. */
  latencyEstimateMs: number | null;
  packetsLost: number | null;
}

/** Cumulative counters kept between two reports to compute rates. */
export interface StatsSample {
  timestampMs: number;
  bytesReceived: number;
  framesDecoded: number;
  jitterBufferDelay: number;
  jitterBufferEmittedCount: number;
  totalDecodeTime: number;
}

// deno-lint-ignore no-explicit-any
type Stat = Record<string, any>;

export interface ReadStatsOptions {
  /** Prefer the inbound video stream of this track. */
  videoTrackId?: string;
}

/** Computes {@linkcode PlayerStats} from one report and the sample before it. */
export function readStats(
  report: Iterable<Stat>,
  previous: StatsSample | undefined,
  options: ReadStatsOptions = {},
): { stats: PlayerStats; sample: StatsSample | undefined } {
  const byId = new Map<string, Stat>();
  for (const stat of report) byId.set(stat.id, stat);
  const all = [...byId.values()];
  const inbound = all.filter((s) => s.type === "inbound-rtp");
  const video = pickVideo(inbound, options.videoTrackId);

  const bytesReceived = inbound.reduce((sum, s) => sum + num(s.bytesReceived, 0), 0);
  const timestampMs = num(video?.timestamp ?? inbound[0]?.timestamp, NaN);
  const sample: StatsSample | undefined = Number.isFinite(timestampMs)
    ? {
      timestampMs,
      bytesReceived,
      framesDecoded: num(video?.framesDecoded, 0),
      jitterBufferDelay: num(video?.jitterBufferDelay, 0),
      jitterBufferEmittedCount: num(video?.jitterBufferEmittedCount, 0),
      totalDecodeTime: num(video?.totalDecodeTime, 0),
    }
    : undefined;
  const delta = sample && previous ? diff(sample, previous) : undefined;

  const jitterBufferMs = perItemMs(
    delta?.jitterBufferDelay,
    delta?.jitterBufferEmittedCount,
    sample?.jitterBufferDelay,
    sample?.jitterBufferEmittedCount,
  );
  const decodeMs = perItemMs(
    delta?.totalDecodeTime,
    delta?.framesDecoded,
    sample?.totalDecodeTime,
    sample?.framesDecoded,
  );
  const pair = selectedPair(all, byId);
  const rtt = pair?.currentRoundTripTime;
  const roundTripMs = typeof rtt === "number" ? rtt * 1000 : null;
  const latencyEstimateMs = jitterBufferMs === null
    ? null
    : jitterBufferMs + (decodeMs ?? 0) + (roundTripMs ?? 0) / 2;

  const seconds = delta ? delta.timestampMs / 1000 : 0;
  const bitrateKbps = delta && seconds > 0 ? (delta.bytesReceived * 8) / 1000 / seconds : null;
  const reportedFps = video?.framesPerSecond;
  const framesPerSecond = typeof reportedFps === "number"
    ? reportedFps
    : delta && seconds > 0
    ? delta.framesDecoded / seconds
    : null;
  const codec = video?.codecId ? byId.get(video.codecId)?.mimeType : undefined;

  return {
    sample,
    stats: {
      bitrateKbps,
      framesPerSecond,
      width: typeof video?.frameWidth === "number" ? video.frameWidth : null,
      height: typeof video?.frameHeight === "number" ? video.frameHeight : null,
      codec: typeof codec === "string" ? codec.replace(/^video\//i, "") : null,
      jitterBufferMs,
      decodeMs,
      roundTripMs,
      latencyEstimateMs,
      packetsLost: inbound.length
        ? inbound.reduce((sum, s) => sum + num(s.packetsLost, 0), 0)
        : null,
    },
  };
}

function pickVideo(inbound: Stat[], trackId?: string): Stat | undefined {
  const videos = inbound.filter((s) => (s.kind ?? s.mediaType) === "video");
  return videos.find((s) => trackId && s.trackIdentifier === trackId) ??
    videos.reduce<Stat | undefined>(
      (best, s) => num(s.framesDecoded, 0) >= num(best?.framesDecoded, -1) ? s : best,
      undefined,
    );
}

function selectedPair(all: Stat[], byId: Map<string, Stat>): Stat | undefined {
  for (const s of all) {
    if (s.type === "transport" && s.selectedCandidatePairId) {
      const pair = byId.get(s.selectedCandidatePairId);
      if (pair) return pair;
    }
  }
  const pairs = all.filter((s) => s.type === "candidate-pair" && s.state === "succeeded");
  return pairs.find((s) => s.nominated) ?? pairs[0];
}

/** Counters that went backwards (a new stream) give no delta. */
function diff(now: StatsSample, before: StatsSample): StatsSample | undefined {
  const d = {
    timestampMs: now.timestampMs - before.timestampMs,
    bytesReceived: now.bytesReceived - before.bytesReceived,
    framesDecoded: now.framesDecoded - before.framesDecoded,
    jitterBufferDelay: now.jitterBufferDelay - before.jitterBufferDelay,
    jitterBufferEmittedCount: now.jitterBufferEmittedCount - before.jitterBufferEmittedCount,
    totalDecodeTime: now.totalDecodeTime - before.totalDecodeTime,
  };
  return Object.values(d).every((v) => v >= 0) && d.timestampMs > 0 ? d : undefined;
}

/** Seconds per item over the last interval in ms, else the running mean. */
function perItemMs(
  seconds: number | undefined,
  count: number | undefined,
  totalSeconds: number | undefined,
  totalCount: number | undefined,
): number | null {
  if (seconds !== undefined && count) return (seconds / count) * 1000;
  if (totalSeconds !== undefined && totalCount) return (totalSeconds / totalCount) * 1000;
  return null;
}

function num(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

/** Formats a bitrate for people: "850 kb/s", "2.4 Mb/s". */
export function formatBitrate(kbps: number | null): string {
  if (kbps === null) return "—";
  return kbps >= 1000 ? `${(kbps / 1000).toFixed(1)} Mb/s` : `${Math.round(kbps)} kb/s`;
}

/** Formats milliseconds: "180 ms". */
export function formatMs(ms: number | null): string {
  return ms === null ? "—" : `${Math.round(ms)} ms`;
}

/** The stats overlay's text, one string per figure ("—" where unknown). */
export interface StatsText {
  latency: string;
  bitrate: string;
  frameRate: string;
  resolution: string;
  codec: string;
  jitterBuffer: string;
  roundTrip: string;
  packetsLost: string;
}

/** Formats {@linkcode PlayerStats} for people. */
export function formatStats(stats: PlayerStats | null): StatsText {
  const s = stats;
  return {
    latency: s?.latencyEstimateMs == null ? "—" : `≈ ${formatMs(s.latencyEstimateMs)}`,
    bitrate: formatBitrate(s?.bitrateKbps ?? null),
    frameRate: s?.framesPerSecond == null ? "—" : `${Math.round(s.framesPerSecond)} fps`,
    resolution: s?.width && s.height ? `${s.width}×${s.height}` : "—",
    codec: s?.codec ?? "—",
    jitterBuffer: formatMs(s?.jitterBufferMs ?? null),
    roundTrip: formatMs(s?.roundTripMs ?? null),
    packetsLost: s?.packetsLost == null ? "—" : String(s.packetsLost),
  };
}
