/**
 * `./lanecast bench viewers`: what one real WebRTC viewer costs the SFU's
 * worker. A simulated lane publishes over WHIP; the worker's CPU is read with
 * no viewer and then with BENCH_VIEWERS plain-RTCPeerConnection WHEP viewers
 * (SRTP, transport-wide feedback, RTCP: everything a browser's session has).
 * The difference per packet per viewer gives viewers per worker core.
 * 640×360 by default so that the viewers' own decoding (in this process)
 * leaves the worker its share of these 2 cores; the cost is per packet.
 */
import { WhepViewer } from "../media/whep_viewer.ts";
import { startSystem } from "../tools/system.ts";
import { fmt, processCpuSeconds } from "./stats.ts";
import {
  BENCH_LIMITS,
  CAMERA_BENCH_KBPS,
  laneCredentials,
  publishSimCamera,
  sfuWorkerPid,
} from "./system.ts";

const W = Number(Deno.env.get("BENCH_WIDTH") ?? 640);
const H = Number(Deno.env.get("BENCH_HEIGHT") ?? 360);
const FPS = 30;
const VIEWERS = Number(Deno.env.get("BENCH_VIEWERS") ?? 16);
const MAX_KBPS = Number(Deno.env.get("BENCH_MAX_KBPS") ?? CAMERA_BENCH_KBPS);
const SECONDS = Number(Deno.env.get("BENCH_SECONDS") ?? 15);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const system = await startSystem({
  lanes: 1,
  simLanes: 0,
  processes: ["server", "sfu"],
  env: { ...BENCH_LIMITS, SFU_WORKERS: "1", RTC_MIN_PORT: "40000", RTC_MAX_PORT: "49999" },
});
const camera = publishSimCamera(system, "1", {
  width: W,
  height: H,
  fps: FPS,
  seed: 42,
  maxKbps: MAX_KBPS,
});
const publisher = camera.publisher;
const viewers: WhepViewer[] = [];
try {
  await sleep(6000);
  const workerPid = await sfuWorkerPid(system);

  const measure = async () => {
    const s0 = await publisher.outboundStats();
    const c0 = processCpuSeconds(workerPid);
    const start = performance.now();
    await sleep(SECONDS * 1000);
    const dt = (performance.now() - start) / 1000;
    const cpu = (processCpuSeconds(workerPid) - c0) / dt;
    const s1 = await publisher.outboundStats();
    const packets = (Number(s1?.packetsSent) - Number(s0?.packetsSent)) / dt;
    const mbps = (Number(s1?.bytesSent) - Number(s0?.bytesSent)) * 8 / dt / 1e6;
    return { cpu, packets, mbps };
  };

  console.log(
    `bench viewers: ${W}x${H} ${FPS} fps, camera at most ${MAX_KBPS} kbit/s, ${VIEWERS} WHEP viewers, ${SECONDS} s each`,
  );
  const idle = await measure();
  console.log(
    `no viewer:     worker CPU ${fmt(idle.cpu * 100, 2)} %  (camera ${fmt(idle.mbps, 2)} Mbit/s, ${
      fmt(idle.packets, 0)
    } packets/s)`,
  );
  const framesAt = () => viewers.map((v) => v.frames);
  for (let i = 0; i < VIEWERS; i++) {
    viewers.push(
      new WhepViewer({
        credentials: async () => {
          const c = await laneCredentials(system, "1", "watch");
          return { whepUrl: c.whepUrl, token: c.token };
        },
      }),
    );
  }
  await sleep(5000);
  const before = framesAt();
  const loaded = await measure();
  const fps = framesAt().map((f, i) => (f - before[i]) / SECONDS);
  console.log(
    `${VIEWERS} viewers:    worker CPU ${fmt(loaded.cpu * 100, 2)} %  (camera ${
      fmt(loaded.mbps, 2)
    } Mbit/s, ${fmt(loaded.packets, 0)} packets/s; slowest viewer ${fmt(Math.min(...fps), 1)} fps)`,
  );
  const perPacket = (loaded.cpu - idle.cpu) / (VIEWERS * loaded.packets);
  console.log(`worker CPU per packet per viewer: ${fmt(perPacket * 1e6, 1)} µs`);
  console.log(
    `viewers per worker core at this stream: ${fmt(1 / (perPacket * loaded.packets), 0)}`,
  );
  for (const pps of [120, 150, 250]) {
    console.log(`  at ${pps} packets/s: ${fmt(1 / (perPacket * pps), 0)}`);
  }
} finally {
  for (const v of viewers) await v.close();
  await camera.stop();
  await system.stop();
}
Deno.exit(0); // libwebrtc objects must not outlive teardown
