/**
 * `./lanecast bench media`: glass-to-glass latency through the SFU against a
 * direct peer-to-peer wrtc connection in the same run, time to first frame
 * for a new viewer, and CPU per 100 consumers of one worker.
 *
 * Latency: the publisher stamps each frame's capture time into its pixels
 * (sim/stamp.ts) just before handing it to the encoder; the subscriber reads
 * it back from the decoded frame. Both run in this process, so one clock.
 */
import { LaneSubscriber } from "../media/lane_subscriber.ts";
import { WhepViewer } from "../media/whep_viewer.ts";
import { WhipPublisher } from "../media/whip_publisher.ts";
import {
  iceGatheringComplete,
  RTCPeerConnection,
  type RTCVideoFrame,
  RTCVideoSink,
  RTCVideoSource,
} from "../media/wrtc.ts";
import { createLaneSim } from "../sim/render.ts";
import { readStamp, stampTime } from "../sim/stamp.ts";
import { type RunningSystem, startSystem, waitFor } from "../tools/system.ts";
import { fmt, lineFit, percentile, processCpuSeconds } from "./stats.ts";
import { BENCH_LIMITS, CAMERA_BENCH_KBPS, laneCredentials, sfuWorkerPid } from "./system.ts";

const W = Number(Deno.env.get("BENCH_WIDTH") ?? 1280);
const H = Number(Deno.env.get("BENCH_HEIGHT") ?? 720);
const FPS = 30;
const SECONDS = Number(Deno.env.get("BENCH_SECONDS") ?? 20);
/** How long the camera has been live when a viewer joins (a lane's camera runs all day). */
const WARMUP = Number(Deno.env.get("BENCH_WARMUP") ?? 20);
/**
 * Consumer counts to step through; stepping stops at the first step the worker
 * cannot keep up with (each consumer then gets less than the camera sends).
 */
const steps = (name: string, fallback: string) =>
  (Deno.env.get(name) ?? fallback).split(",").map(Number);
/** Plain RTP consumers: the relay's own work per consumer. */
const CONSUMER_STEPS = steps("BENCH_CONSUMERS", "0,200,400,600,700,800,900,1000");
/** SRTP consumers: encrypted as every WebRTC viewer's packets are. */
const SRTP_CONSUMER_STEPS = steps("BENCH_CONSUMERS_SRTP", "0,100,200,300,400,500");
/** The camera's bitrate ceiling (kbit/s): a spectator-facing 720p camera's (bench/system.ts); 0: libwebrtc's default (2.5 Mbit/s at 720p). */
const MAX_KBPS = Number(Deno.env.get("BENCH_MAX_KBPS") ?? CAMERA_BENCH_KBPS);
/**
 * "lane": the simulated lane (texture, motion, sensor noise), as cameras send;
 * "flat": a grey picture where only the stamp changes, as in the anchor's
 * bare-relay measurement (tells the relay's cost from the codec's).
 */
const CONTENT = Deno.env.get("BENCH_CONTENT") ?? "lane";
if (CONTENT !== "lane" && CONTENT !== "flat") {
  throw new Error(`Cannot use BENCH_CONTENT="${CONTENT}": use "lane" or "flat"`);
}

const sim = createLaneSim({ seed: 42, width: W, height: H, fps: FPS });
const frameBuf = new Uint8Array(sim.frameSize).fill(128);

/** Drives `push` with stamped sim frames at 30 fps. */
function frameLoop(push: (data: Uint8Array) => void): () => void {
  let n = 0;
  const t0 = performance.now();
  let timer: ReturnType<typeof setTimeout>;
  const step = () => {
    if (CONTENT === "lane") sim.renderFrame(n % (FPS * 60), frameBuf);
    stampTime(frameBuf, W, H, Date.now());
    push(frameBuf);
    n++;
    timer = setTimeout(step, Math.max(0, t0 + n * (1000 / FPS) - performance.now()));
  };
  step();
  return () => clearTimeout(timer);
}

function latencyCollector() {
  const samples: number[] = [];
  let unreadable = 0;
  let collecting = false;
  return {
    samples,
    unreadable: () => unreadable,
    start: () => (collecting = true),
    onFrame(frame: RTCVideoFrame, at: number) {
      if (!collecting) return;
      const stamp = readStamp(frame.data, frame.width, frame.height);
      if (stamp === null) unreadable++;
      else samples.push(at - stamp);
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * What the SFU's answer does to a WHIP publisher with SFU_INGEST_CC=loss
 * (see sfu/sdp_rtp.ts), done to the direct peer's answer: no transport-wide
 * feedback or REMB, a start bitrate.
 */
function lossBasedAnswer(sdp: string): string {
  const lines = sdp.split("\r\n").filter((l) =>
    !/^a=extmap:\d+ .*(transport-wide-cc|abs-send-time)/.test(l) &&
    !/^a=rtcp-fb:\d+ (transport-cc|goog-remb)$/.test(l)
  );
  const vp8 = lines.map((l) => /^a=rtpmap:(\d+) VP8\/90000/.exec(l)?.[1]).find(Boolean);
  const at = lines.findIndex((l) => l.startsWith(`a=rtpmap:${vp8} `));
  if (at >= 0) lines.splice(at + 1, 0, `a=fmtp:${vp8} x-google-start-bitrate=2500`);
  return lines.join("\r\n");
}

async function directP2P(congestionControl: "default" | "loss"): Promise<number[]> {
  const source = new RTCVideoSource();
  const track = source.createTrack();
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.addTransceiver(track, {
    direction: "sendonly",
    ...(MAX_KBPS ? { sendEncodings: [{ maxBitrate: MAX_KBPS * 1000 }] } : {}),
  });
  const lat = latencyCollector();
  let sink: InstanceType<typeof RTCVideoSink> | undefined;
  b.ontrack = (e) => {
    sink = new RTCVideoSink(e.track);
    sink.onframe = ({ frame }: { frame: RTCVideoFrame }) => lat.onFrame(frame, Date.now());
  };
  await a.setLocalDescription(await a.createOffer());
  await iceGatheringComplete(a);
  await b.setRemoteDescription(a.localDescription!);
  // The receiver takes the same answer it gives, so it does not send REMB or
  // transport-wide feedback either (as the SFU with SFU_INGEST_CC=loss).
  const answer = await b.createAnswer();
  await b.setLocalDescription(
    congestionControl === "loss" ? { type: "answer", sdp: lossBasedAnswer(answer.sdp!) } : answer,
  );
  await iceGatheringComplete(b);
  await a.setRemoteDescription(b.localDescription!);
  const stop = frameLoop((d) => source.onFrame({ width: W, height: H, data: d }));
  await sleep(WARMUP * 1000); // as through the SFU: the camera has been live a while
  lat.start();
  await sleep(SECONDS * 1000);
  stop();
  sink?.stop();
  a.close();
  b.close();
  track.stop();
  return lat.samples;
}

async function main() {
  console.log(
    `bench media: ${W}x${H} ${FPS} fps, ${CONTENT} content, ${SECONDS} s per latency run after the camera was live ${WARMUP} s, ${navigator.hardwareConcurrency} cores`,
  );
  const system = await startSystem({
    lanes: 2,
    simLanes: 0,
    processes: ["server", "sfu"],
    env: {
      ...BENCH_LIMITS,
      SFU_WORKERS: "1",
      SFU_BENCH: "1",
      RTC_MIN_PORT: "40000",
      RTC_MAX_PORT: "49999",
    },
  });
  try {
    // 1. Through the SFU.
    const publisher = new WhipPublisher({
      width: W,
      height: H,
      maxBitrateKbps: MAX_KBPS || undefined,
      credentials: async () => {
        const c = await laneCredentials(system, "1", "publish");
        return { whipUrl: c.whipUrl, token: c.token };
      },
    });
    const stopPub = frameLoop((d) => publisher.pushFrame(d));
    await waitFor(() => publisher.state === "live", 10_000, "the publisher");
    await sleep(WARMUP * 1000);
    const sfuLat = latencyCollector();
    const viewer = new WhepViewer({
      credentials: async () => {
        const c = await laneCredentials(system, "1", "watch");
        return { whepUrl: c.whepUrl, token: c.token };
      },
      onFrame: (f, at) => sfuLat.onFrame(f, at),
    });
    await sleep(4000);
    console.log(
      `publisher live; measuring latency through the SFU (viewer frames so far: ${viewer.frames})`,
    );
    sfuLat.start();
    await sleep(SECONDS * 1000);
    await viewer.close();

    console.log(`  ${sfuLat.samples.length} stamped frames, ${sfuLat.unreadable()} unreadable`);
    // 2. Time to first frame for new viewers (WHEP and mediasoup-client over WebSocket).
    const ttffWhep: number[] = [];
    const ttffWs: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      let first = 0;
      const v = new WhepViewer({
        credentials: async () => {
          const c = await laneCredentials(system, "1", "watch");
          return { whepUrl: c.whepUrl, token: c.token };
        },
        onFrame: () => (first ||= performance.now() - t0),
      });
      await waitFor(() => first > 0, 10_000, "a first frame");
      ttffWhep.push(first);
      await v.close();
      const t1 = performance.now();
      let firstWs = 0;
      const s = new LaneSubscriber({
        signalingUrl: async () => (await laneCredentials(system, "1", "watch")).signalingUrl,
        onFrame: () => (firstWs ||= performance.now() - t1),
      });
      await waitFor(() => firstWs > 0, 10_000, "a first frame over WebSocket");
      ttffWs.push(firstWs);
      await s.close();
    }

    console.log("time to first frame measured; loading the worker with consumers");
    // 3. CPU per 100 consumers on one worker.
    const plain = await consumerLoad(system, publisher, false, CONSUMER_STEPS);
    const srtp = await consumerLoad(system, publisher, true, SRTP_CONSUMER_STEPS);
    stopPub();
    await publisher.close();

    console.log("measuring direct peer-to-peer latency");
    // 4. Direct peer-to-peer in the same run, for comparison: as libwebrtc does by
    // default, and with the congestion control the SFU's ingest uses.
    const p2p = await directP2P("default");
    const p2pLoss = await directP2P("loss");

    const row = (name: string, s: number[]) =>
      `${name.padEnd(26)} p50 ${fmt(percentile(s, 50))} ms  p95 ${fmt(percentile(s, 95))} ms  max ${
        fmt(Math.max(...s))
      } ms  (${s.length} frames)`;
    console.log("\nglass-to-glass latency");
    console.log(row("through the SFU (WHIP→WHEP)", sfuLat.samples));
    console.log(row("direct peer-to-peer", p2p));
    console.log(row("direct, loss-based CC", p2pLoss));
    console.log(
      `ratio p95 SFU / direct: ${fmt(percentile(sfuLat.samples, 95) / percentile(p2p, 95), 2)}`,
    );
    console.log(
      `ratio p95 SFU / direct with the same congestion control: ${
        fmt(percentile(sfuLat.samples, 95) / percentile(p2pLoss, 95), 2)
      }`,
    );
    console.log("\ntime to first frame for a new viewer");
    console.log(
      `WHEP                       p50 ${fmt(percentile(ttffWhep, 50))} ms  p95 ${
        fmt(percentile(ttffWhep, 95))
      } ms`,
    );
    console.log(
      `mediasoup-client (WS)      p50 ${fmt(percentile(ttffWs, 50))} ms  p95 ${
        fmt(percentile(ttffWs, 95))
      } ms`,
    );
    printConsumers("plain RTP consumers: the relay's own work", plain);
    printConsumers(
      "SRTP consumers (AES_CM_128_HMAC_SHA1_80): what an encrypted WebRTC viewer costs",
      srtp,
    );
  } finally {
    await system.stop();
  }
}

/**
 * Adds consumers in steps and measures the worker's CPU and egress at each,
 * until a step where each consumer gets clearly less than the camera sends
 * (the worker is past what its core can do).
 */
async function consumerLoad(
  system: RunningSystem,
  publisher: WhipPublisher,
  srtp: boolean,
  counts: number[],
) {
  const sfuUrl = system.sfuUrl;
  const workerPid = await sfuWorkerPid(system);
  const points: {
    consumers: number;
    cpu: number;
    egressMbps: number;
    streamMbps: number;
    sustained: boolean;
  }[] = [];
  console.log(`  ${srtp ? "SRTP" : "plain RTP"} consumers:`);
  for (const n of counts) {
    const res = await fetch(`${sfuUrl}/bench/consumers?lane=1&count=${n}${srtp ? "&srtp=1" : ""}`, {
      method: "PUT",
    });
    if (!res.ok) {
      // The worker could not even set the consumers up (a request to it timed out): past its core.
      console.log(
        `  ${n} consumers: the SFU could not add them (${res.status}: ${
          (await res.json()).detail
        })`,
      );
      points.push({ consumers: n, cpu: NaN, egressMbps: NaN, streamMbps: NaN, sustained: false });
      break;
    }
    await res.body?.cancel();
    await sleep(3000);
    const e0 = await egressBytes(sfuUrl);
    const s0 = await publisher.outboundStats();
    const c0 = processCpuSeconds(workerPid);
    const t0 = performance.now();
    await sleep(10_000);
    const cpu = (processCpuSeconds(workerPid) - c0) / ((performance.now() - t0) / 1000);
    const s1 = await publisher.outboundStats();
    const e1 = await egressBytes(sfuUrl);
    const mbps = (bytes: number, ms: number) => bytes * 8 / (ms / 1000) / 1e6;
    const egressMbps = e0 && e1 ? mbps(e1.bytes - e0.bytes, e1.at - e0.at) : NaN;
    const streamMbps = s0 && s1
      ? mbps(
        Number(s1.bytesSent) - Number(s0.bytesSent),
        Number(s1.timestamp) - Number(s0.timestamp),
      )
      : NaN;
    // Sustained: every consumer got (nearly) what the camera sent, and the core had room.
    const sustained = n === 0 || (egressMbps / n >= 0.9 * streamMbps && cpu < 0.97);
    points.push({ consumers: n, cpu, egressMbps, streamMbps, sustained });
    console.log(
      `  ${n} consumers: worker CPU ${fmt(cpu * 100)} %, ${
        fmt(egressMbps / Math.max(n, 1), 2)
      } of the camera's ${fmt(streamMbps, 2)} Mbit/s each`,
    );
    if (!sustained) break;
  }
  await fetch(`${sfuUrl}/bench/consumers?lane=1&count=0`, { method: "PUT" }).then((r) =>
    r.body?.cancel()
  );
  // CPU grows with the packets forwarded: fit lines through the steps the
  // worker kept up with, by consumer count and by the bytes actually sent.
  const steady = points.filter((p) => p.sustained);
  const byCount = lineFit(steady.map((p) => p.consumers), steady.map((p) => p.cpu));
  const byEgress = lineFit(steady.map((p) => p.egressMbps || 0), steady.map((p) => p.cpu));
  const loaded = steady.filter((p) => p.consumers > 0);
  return {
    points,
    highestSustained: loaded.at(-1),
    firstSaturated: points.find((p) => !p.sustained),
    perHundred: byCount.slope * 100,
    maxPerCore: (1 - byCount.intercept) / byCount.slope,
    coreMbps: (1 - byEgress.intercept) / byEgress.slope,
    /** The camera's bitrate over the loaded steps the worker kept up with. */
    consumerMbps: percentile(loaded.map((p) => p.streamMbps), 50),
  };
}

function printConsumers(title: string, r: Awaited<ReturnType<typeof consumerLoad>>) {
  console.log(`\n${title}; one lane's camera at ${fmt(r.consumerMbps, 2)} Mbit/s, one worker`);
  for (const p of r.points) {
    const note = p.sustained
      ? ""
      : Number.isNaN(p.cpu)
      ? "  (the worker could not even set them up)"
      : p.cpu >= 0.97
      ? "  (saturated: no room left on the core)"
      : "  (saturated: each consumer got less than the camera sent)";
    console.log(
      `  ${String(p.consumers).padStart(4)} consumers: worker CPU ${fmt(p.cpu * 100)} %  egress ${
        fmt(p.egressMbps)
      } Mbit/s${note}`,
    );
  }
  console.log(`CPU per 100 consumers: ${fmt(r.perHundred * 100, 2)} % of a core`);
  console.log(
    `max consumers per worker core (at 100 % CPU, line through the sustained steps): ${
      fmt(r.maxPerCore, 0)
    }`,
  );
  const hi = r.highestSustained;
  const over = r.firstSaturated
    ? `; ${r.firstSaturated.consumers} saturated it`
    : "; no step saturated it";
  console.log(
    `highest step the worker kept up with: ${
      hi ? `${hi.consumers} consumers at ${fmt(hi.cpu * 100)} % CPU` : "none"
    }${over}`,
  );
  console.log(
    `egress one worker core sustains (CPU against egress): ${fmt(r.coreMbps, 0)} Mbit/s → ${
      fmt(r.coreMbps / r.consumerMbps, 0)
    } consumers of this stream`,
  );
}

/** Bytes the worker has sent to all bench consumers, and when; undefined when the worker is too busy to say within 15 s. */
async function egressBytes(sfuUrl: string): Promise<{ bytes: number; at: number } | undefined> {
  try {
    const res = await fetch(`${sfuUrl}/bench/consumers?lane=1`, {
      signal: AbortSignal.timeout(15_000),
    });
    return { bytes: (await res.json()).bytesSent as number, at: performance.now() };
  } catch {
    return undefined;
  }
}

await main();
Deno.exit(0); // libwebrtc objects must not outlive teardown
