/**
 * `./lanecast bench events [--lanes 2] [--shots 4] [--json]`: how quickly the
 * AI's live events reach the server, with the whole system running (server,
 * SFU, simulated lanes, inference sidecar). Every `ai-event` of every lane is
 * read from the lane's SSE feed: its lag is the server's receipt time minus
 * the capture time of the frame that triggered it (camera → SFU → sidecar →
 * models → event socket → server). Each event is also matched to the
 * simulator's ground truth: the detection delay is that frame's capture time
 * minus the true moment (negative: told before it happened, as a release
 * taken from the ball's swing is). Last, the two ways in are timed under the
 * same load on a spare lane: a WebSocket message to its ack, and a POST.
 *
 * The lag figures leave out each lane's first `--warmup` seconds (default 5:
 * the first frames come late while WebRTC settles).
 *
 * `--json` prints one JSON line last with `eventLagP95Ms`, per-type figures,
 * counts, missed and extra events.
 */
import { parseArgs } from "node:util";
import type { LaneEventType, ReceivedLaneEvent } from "../core/lane_events.ts";
import type { TimedShotTruth } from "../sim/ground_truth.ts";
import { startSystem, waitFor } from "../tools/system.ts";
import { type EventMatch, matchLaneEvents } from "./event_match.ts";
import { fmt, percentile } from "./stats.ts";
import { timeTransports } from "./event_transports.ts";
import { openSse } from "./sse.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    lanes: { type: "string", default: "2" },
    shots: { type: "string", default: "4" },
    seed: { type: "string", default: "700" },
    warmup: { type: "string", default: "5" },
    json: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
  },
});
const lanes = Math.max(1, Number(values.lanes));
const shots = Math.max(1, Number(values.shots));
const log = (m: string) =>
  !values.json || values.verbose ? console.error(`bench events: ${m}`) : undefined;
const TYPES: LaneEventType[] = ["approach", "release", "pinfall", "rack-ready"];
const started = Date.now();

const system = await startSystem({
  lanes: lanes + 1, // a spare lane for the transport timings
  simLanes: lanes,
  processes: ["server", "sfu", "inference", "sim"],
  verbose: values.verbose,
  env: { SIM_SEED: values.seed!, SIM_SHOTS: String(shots + 1) },
});
const received: ReceivedLaneEvent[] = [];
const streams = new AbortController();
const readTruth = async (lane: number): Promise<TimedShotTruth[]> =>
  (await Deno.readTextFile(`${system.dataDir}/ground_truth/lane-${lane}.jsonl`).catch(() => ""))
    .split("\n").filter(Boolean).map((l) => JSON.parse(l));
let transports: Awaited<ReturnType<typeof timeTransports>> | null = null;
let truths: TimedShotTruth[][] = [];
let sidecar: { lanes: Record<string, { delayMs: number }>; events: Record<string, number> } | null =
  null;
try {
  for (let lane = 1; lane <= lanes; lane++) {
    readEvents(`${system.url}/api/lanes/${lane}/live`, streams.signal, (e) => received.push(e));
  }
  log(`${lanes} simulated lanes, ${shots} shots each (the next rack of the last included)`);
  // Each shot takes about 10 s of video; the last rack-ready comes a few seconds after it settles.
  await waitFor(
    async () => {
      truths = await Promise.all(Array.from({ length: lanes }, (_, i) => readTruth(i + 1)));
      return truths.every((t) => t.length >= shots + 1);
    },
    60_000 + (shots + 1) * 30_000,
    "the simulated shots",
  );
  sidecar = await (await fetch(`${system.inferenceUrl}/status`)).json();
  transports = await timeTransports(system.url, system.inferenceKey, String(lanes + 1), 200);
} finally {
  streams.abort();
  await system.stop();
}

// A lane's first seconds on the air (the first frames come late while WebRTC settles) are left out
// of the lag figures.
const laneStart = new Map<string, number>();
for (const e of received) {
  laneStart.set(e.laneId, Math.min(laneStart.get(e.laneId) ?? Infinity, e.captureTimeMs));
}
const warm = received.filter((e) =>
  e.captureTimeMs - laneStart.get(e.laneId)! >= Number(values.warmup) * 1000
);
const lag = (es: ReceivedLaneEvent[]) => es.map((e) => e.receivedAtMs - e.captureTimeMs);
const matches: EventMatch[] = [];
const extra: Record<string, number> = {};
for (let lane = 1; lane <= lanes; lane++) {
  const events = received.filter((e) => e.laneId === String(lane));
  const m = matchLaneEvents(truths[lane - 1].slice(0, shots + 1), events);
  matches.push(...m.matches.filter((x) => x.shot < shots));
  for (const [k, v] of Object.entries(m.extra)) extra[k] = (extra[k] ?? 0) + v;
}
const all = lag(warm);
const byType = Object.fromEntries(TYPES.map((type) => {
  const l = lag(warm.filter((e) => e.type === type));
  const ms = matches.filter((m) => m.type === type);
  const d = ms.flatMap((m) => m.delayMs === null ? [] : [m.delayMs]);
  return [type, {
    count: l.length,
    lagP50Ms: round(percentile(l, 50)),
    lagP95Ms: round(percentile(l, 95)),
    detectionDelayP50Ms: round(percentile(d, 50)),
    detectionDelayP95Ms: round(percentile(d, 95)),
    missed: ms.length - d.length,
    of: ms.length,
    extra: extra[type] ?? 0,
  }];
}));
const figures = {
  eventLagP50Ms: round(percentile(all, 50)),
  eventLagP95Ms: round(percentile(all, 95)),
  eventLagMaxMs: round(Math.max(...all)),
  events: received.length,
  /** Events of each lane's first `--warmup` seconds, left out of the lag figures. */
  warmupEvents: received.length - warm.length,
  missed: matches.filter((m) => m.delayMs === null).length,
  byType,
  /** The sidecar's measured camera → sidecar frame delay, mean over the lanes (part of the lag). */
  frameDelayMs: sidecar ? round(mean(Object.values(sidecar.lanes).map((l) => l.delayMs))) : null,
  channel: sidecar?.events ?? null,
  transport: transports,
  lanes,
  shots,
  wallS: Math.round((Date.now() - started) / 1000),
};

console.log(
  `event lag (capture → server receipt), ${warm.length} events on ${lanes} lanes (${figures.warmupEvents} of the first ${values.warmup} s left out): p50 ${
    ms(figures.eventLagP50Ms)
  } ms, p95 ${ms(figures.eventLagP95Ms)} ms (goal ≤ 100), max ${ms(figures.eventLagMaxMs)} ms`,
);
for (const [type, f] of Object.entries(byType)) {
  console.log(
    `  ${type.padEnd(10)} n ${String(f.count).padStart(3)}  lag p50 ${ms(f.lagP50Ms)} p95 ${
      ms(f.lagP95Ms)
    } ms;  detection delay p50 ${ms(f.detectionDelayP50Ms)} p95 ${
      ms(f.detectionDelayP95Ms)
    } ms;  missed ${f.missed}/${f.of}, extra ${f.extra}`,
  );
}
console.log(
  `  of which camera → sidecar (frames, measured by the sidecar): ${
    ms(figures.frameDelayMs)
  } ms on average; channel ${JSON.stringify(figures.channel)}`,
);
const firstMs = Math.min(...received.map((e) => e.captureTimeMs));
const worst = [...warm].sort((a, b) =>
  (b.receivedAtMs - b.captureTimeMs) - (a.receivedAtMs - a.captureTimeMs)
).slice(0, 3);
console.log(
  `  slowest: ${
    worst.map((e) =>
      `${e.type} lane ${e.laneId} ${e.receivedAtMs - e.captureTimeMs} ms (${
        ((e.captureTimeMs - firstMs) / 1000).toFixed(1)
      } s in)`
    ).join(", ")
  }`,
);
if (transports) {
  console.log(
    `transport to the server's ack under load (${transports.n} each): WebSocket p50 ${
      fmt(transports.wsP50Ms)
    } p95 ${fmt(transports.wsP95Ms)} ms; POST (keep-alive) p50 ${fmt(transports.postP50Ms)} p95 ${
      fmt(transports.postP95Ms)
    } ms`,
  );
}
if (values.json) console.log(JSON.stringify(figures));
Deno.exit(0);

function mean(v: number[]): number {
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
}

function ms(v: number | null): string {
  return v === null ? "n/a" : fmt(v, 0);
}

function round(v: number): number | null {
  return Number.isFinite(v) ? Math.round(v * 10) / 10 : null;
}

/** Reads a lane's SSE feed and hands over each `ai-event` until `signal` aborts. */
function readEvents(
  url: string,
  signal: AbortSignal,
  onEvent: (e: ReceivedLaneEvent) => void,
): void {
  openSse(url, signal, (type, data) => {
    if (type === "ai-event") onEvent(data as ReceivedLaneEvent);
  }).catch((err) => {
    if (!signal.aborted) console.error(`bench events: ${url}: ${(err as Error).message}`);
  });
}
