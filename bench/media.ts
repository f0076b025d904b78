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
import { startSystem, waitFor } from "../tools/system.ts";
import { fmt, lineFit, percentile, processCpuSeconds } from "./stats.ts";

const W = Number(Deno.env.get("BENCH_WIDTH") ?? 1280);
const H = Number(Deno.env.get("BENCH_HEIGHT") ?? 720);
const FPS = 30;
const SECONDS = Number(Deno.env.get("BENCH_SECONDS") ?? 20);
/** How long the camera has been live when a viewer joins (a lane's camera runs all day). */
const WARMUP = Number(Deno.env.get("BENCH_WARMUP") ?? 20);
const CONSUMER_STEPS = (Deno.env.get("BENCH_CONSUMERS") ?? "0,100,200,400").split(",").map(Number);
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
  a.addTransceiver(track, { direction: "sendonly" });
  const lat = latencyCollector();
  let sink: InstanceType<typeof RTCVideoSink> | undefined;
  b.ontrack = (e) => {
    sink = new RTCVideoSink(e.track);
    sink.onframe = ({ frame }: { frame: RTCVideoFrame }) => lat.onFrame(frame, Date.now());
  };
  await a.setLocalDescription(await a.createOffer());
  await iceGatheringComplete(a);
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription(await b.createAnswer());
  await iceGatheringComplete(b);
  const answer = b.localDescription!;
  await a.setRemoteDescription(
    congestionControl === "loss" ? { type: "answer", sdp: lossBasedAnswer(answer.sdp) } : answer,
  );
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
    env: { SFU_WORKERS: "1", SFU_BENCH: "1", RTC_MIN_PORT: "40000", RTC_MAX_PORT: "49999" },
  });
  const creds = async (lane: string, kind: "publish" | "watch") => {
    const res = await fetch(`${system.url}/api/lanes/${lane}/${kind}`, {
      method: "POST",
      headers: kind === "publish" ? { authorization: `Bearer ${system.cameraKey}` } : {},
    });
    return await res.json();
  };
  try {
    // 1. Through the SFU.
    const publisher = new WhipPublisher({
      width: W,
      height: H,
      credentials: async () => {
        const c = await creds("1", "publish");
        return { whipUrl: c.whipUrl, token: c.token };
      },
    });
    const stopPub = frameLoop((d) => publisher.pushFrame(d));
    await waitFor(() => publisher.state === "live", 10_000, "the publisher");
    await sleep(WARMUP * 1000);
    const sfuLat = latencyCollector();
    const viewer = new WhepViewer({
      credentials: async () => {
        const c = await creds("1", "watch");
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
          const c = await creds("1", "watch");
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
        signalingUrl: async () => (await creds("1", "watch")).signalingUrl,
        onFrame: () => (firstWs ||= performance.now() - t1),
      });
      await waitFor(() => firstWs > 0, 10_000, "a first frame over WebSocket");
      ttffWs.push(firstWs);
      await s.close();
    }

    console.log("time to first frame measured; loading the worker with consumers");
    // 3. CPU per 100 consumers on one worker.
    const cpu = await consumerLoad(system.sfuUrl);
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
    console.log("\nconsumers on one worker (one 1 lane producer, plain RTP consumers)");
    for (const p of cpu.points) {
      console.log(
        `  ${String(p.consumers).padStart(4)} consumers: worker CPU ${fmt(p.cpu * 100)} %  egress ${
          fmt(p.egressMbps)
        } Mbit/s`,
      );
    }
    if (cpu.saturated.length) {
      console.log(
        `left out of the fits (saturated: egress per consumer fell): ${
          cpu.saturated.join(", ")
        } consumers`,
      );
    }
    console.log(`CPU per 100 consumers: ${fmt(cpu.perHundred * 100, 2)} % of a core`);
    console.log(
      `max consumers per worker core (at 100 % CPU, line through the steps): ${
        fmt(cpu.maxPerCore, 0)
      }`,
    );
    console.log(
      `egress one worker core sustains (CPU against egress): ${fmt(cpu.coreMbps, 0)} Mbit/s → ${
        fmt(cpu.coreMbps / cpu.consumerMbps, 0)
      } consumers of this ${fmt(cpu.consumerMbps, 2)} Mbit/s stream, ${
        fmt(cpu.coreMbps, 0)
      } of a 1 Mbit/s one`,
    );
  } finally {
    await system.stop();
  }
}

/** Adds consumers in steps and measures the worker's CPU at each step. */
async function consumerLoad(sfuUrl: string) {
  // The SFU's one worker: its pid from /metrics.
  const metrics = await (await fetch(`${sfuUrl}/metrics`)).text();
  const workerPid = Number(/lanecast_sfu_worker_lanes\{pid="(\d+)"\}/.exec(metrics)?.[1]);
  const points: { consumers: number; cpu: number; egressMbps: number }[] = [];
  for (const n of CONSUMER_STEPS) {
    const res = await fetch(`${sfuUrl}/bench/consumers?lane=1&count=${n}`, { method: "PUT" });
    if (!res.ok) throw new Error(`Cannot set ${n} consumers: ${await res.text()}`);
    await res.body?.cancel();
    await sleep(3000);
    const c0 = processCpuSeconds(workerPid);
    const t0 = performance.now();
    const e0 = await egressBytes(sfuUrl);
    await sleep(10_000);
    const cpu = (processCpuSeconds(workerPid) - c0) / ((performance.now() - t0) / 1000);
    const egress = ((await egressBytes(sfuUrl)) - e0) * 8 / 10 / 1e6;
    points.push({ consumers: n, cpu, egressMbps: egress });
    console.log(`  ${n} consumers: worker CPU ${fmt(cpu * 100)} %`);
  }
  await fetch(`${sfuUrl}/bench/consumers?lane=1&count=0`, { method: "PUT" }).then((r) =>
    r.body?.cancel()
  );
  // CPU grows with packets forwarded. A line through all steps by consumer count
  // overstates the capacity when the publisher's bitrate sags at the top step
  // (it shares these cores), so also fit CPU against the bytes actually sent.
  // A step where each consumer got well under the stream's bitrate was saturated
  // (the publisher or the loopback could not keep up): it is left out of the fits.
  const loaded = points.filter((p) => p.consumers > 0).map((p) => p.egressMbps / p.consumers);
  const consumerMbps = percentile(loaded, 50);
  const steady = points.filter((p) =>
    !p.consumers || p.egressMbps / p.consumers >= 0.75 * consumerMbps
  );
  const byCount = lineFit(steady.map((p) => p.consumers), steady.map((p) => p.cpu));
  const byEgress = lineFit(steady.map((p) => p.egressMbps), steady.map((p) => p.cpu));
  return {
    points,
    saturated: points.filter((p) => !steady.includes(p)).map((p) => p.consumers),
    perHundred: byCount.slope * 100,
    maxPerCore: (1 - byCount.intercept) / byCount.slope,
    coreMbps: (1 - byEgress.intercept) / byEgress.slope,
    /** The stream's bitrate per consumer: the median over the loaded steps. */
    consumerMbps,
  };
}

async function egressBytes(sfuUrl: string): Promise<number> {
  const res = await fetch(`${sfuUrl}/bench/consumers?lane=1`);
  return (await res.json()).bytesSent as number;
}

await main();
Deno.exit(0); // libwebrtc objects must not outlive teardown
