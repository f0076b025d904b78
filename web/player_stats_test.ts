import assert from "node:assert/strict";
import { formatBitrate, formatMs, formatStats, readStats } from "./player_stats.ts";

function report(t: number, video: Record<string, unknown>, extra: Record<string, unknown>[] = []) {
  return [
    {
      id: "IT01V",
      type: "inbound-rtp",
      kind: "video",
      timestamp: t,
      codecId: "CIT01_96",
      ...video,
    },
    { id: "CIT01_96", type: "codec", mimeType: "video/VP8" },
    { id: "T01", type: "transport", selectedCandidatePairId: "CP1" },
    { id: "CP1", type: "candidate-pair", state: "succeeded", currentRoundTripTime: 0.04 },
    ...extra,
  ];
}

Deno.test("readStats() gives bitrate and frame rate from deltas between two reports", () => {
  const first = readStats(
    report(1000, { bytesReceived: 100_000, framesDecoded: 30, frameWidth: 1280, frameHeight: 720 }),
    undefined,
  );
  assert.equal(first.stats.bitrateKbps, null);
  assert.equal(first.stats.framesPerSecond, null);
  assert.equal(first.stats.width, 1280);
  assert.equal(first.stats.codec, "VP8");

  const second = readStats(
    report(2000, { bytesReceived: 350_000, framesDecoded: 60, frameWidth: 1280, frameHeight: 720 }),
    first.sample,
  );
  assert.equal(second.stats.bitrateKbps, 2000);
  assert.equal(second.stats.framesPerSecond, 30);
  assert.equal(formatBitrate(second.stats.bitrateKbps), "2.0 Mb/s");
});

Deno.test("readStats() prefers the browser's own framesPerSecond", () => {
  const { stats } = readStats(report(1000, { framesPerSecond: 24, framesDecoded: 10 }), undefined);
  assert.equal(stats.framesPerSecond, 24);
});

Deno.test("readStats() estimates latency as jitter buffer + decode + half the round trip", () => {
  const a = readStats(
    report(1000, {
      jitterBufferDelay: 1,
      jitterBufferEmittedCount: 10,
      totalDecodeTime: 0.05,
      framesDecoded: 10,
    }),
    undefined,
  );
  // Running means before there is a delta: 100 ms buffer, 5 ms decode, 40 ms RTT.
  assert.equal(a.stats.jitterBufferMs, 100);
  assert.equal(a.stats.roundTripMs, 40);
  assert.equal(a.stats.latencyEstimateMs, 100 + 5 + 20);

  const b = readStats(
    report(2000, {
      jitterBufferDelay: 2.5,
      jitterBufferEmittedCount: 40,
      totalDecodeTime: 0.2,
      framesDecoded: 40,
    }),
    a.sample,
  );
  // Last interval only: 1.5 s over 30 frames = 50 ms; decode 0.15 s / 30 = 5 ms.
  assert.equal(b.stats.jitterBufferMs, 50);
  assert.equal(Math.round(b.stats.latencyEstimateMs!), 75);
  assert.equal(formatMs(b.stats.latencyEstimateMs), "75 ms");
});

Deno.test("readStats() adds audio bytes to the bitrate and sums packet loss", () => {
  const audio = (t: number, bytes: number) => ({
    id: "IT01A",
    type: "inbound-rtp",
    kind: "audio",
    timestamp: t,
    bytesReceived: bytes,
    packetsLost: 2,
  });
  const a = readStats(report(0, { bytesReceived: 0, packetsLost: 1 }, [audio(0, 0)]), undefined);
  const b = readStats(
    report(500, { bytesReceived: 50_000, packetsLost: 1 }, [audio(500, 12_500)]),
    a.sample,
  );
  assert.equal(b.stats.bitrateKbps, 1000);
  assert.equal(b.stats.packetsLost, 3);
});

Deno.test("readStats() gives no rates when counters went backwards", () => {
  const a = readStats(report(1000, { bytesReceived: 500_000, framesDecoded: 300 }), undefined);
  const b = readStats(report(2000, { bytesReceived: 1000, framesDecoded: 2 }), a.sample);
  assert.equal(b.stats.bitrateKbps, null);
  assert.equal(b.stats.framesPerSecond, null);
});

Deno.test("readStats() copes with an empty report", () => {
  const { stats, sample } = readStats([], undefined);
  assert.equal(sample, undefined);
  assert.equal(stats.latencyEstimateMs, null);
  assert.equal(stats.packetsLost, null);
  assert.equal(formatBitrate(stats.bitrateKbps), "—");
});

Deno.test("readStats() picks the video stream of the given track", () => {
  const old = { id: "OLD", type: "inbound-rtp", kind: "video", timestamp: 1, framesDecoded: 900 };
  const { stats } = readStats(
    report(1, { trackIdentifier: "cam-2", framesDecoded: 5, frameWidth: 640 }, [old]),
    undefined,
    { videoTrackId: "cam-2" },
  );
  assert.equal(stats.width, 640);
});

Deno.test("formatStats() writes each figure with its unit", () => {
  const text = formatStats({
    bitrateKbps: 850.4,
    framesPerSecond: 29.7,
    width: 1280,
    height: 720,
    codec: "VP8",
    jitterBufferMs: 42.2,
    decodeMs: 3,
    roundTripMs: 1.6,
    latencyEstimateMs: 46,
    packetsLost: 0,
  });
  assert.deepEqual(text, {
    latency: "≈ 46 ms",
    bitrate: "850 kb/s",
    frameRate: "30 fps",
    resolution: "1280×720",
    codec: "VP8",
    jitterBuffer: "42 ms",
    roundTrip: "2 ms",
    packetsLost: "0",
  });
});

Deno.test("formatStats() shows dashes before the first sample", () => {
  assert.ok(Object.values(formatStats(null)).every((value) => value === "—"));
});
