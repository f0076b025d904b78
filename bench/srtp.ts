/**
 * `./lanecast bench srtp`: what SRTP costs the mediasoup worker per packet
 * per viewer, with Debian's libsrtp2 (NSS) and with the OpenSSL build that
 * `./lanecast setup` makes, side by side in one run (A B A B, a fresh worker
 * each, the library picked by LD_LIBRARY_PATH at the worker's spawn).
 *
 * No camera and no encoder: a UDP socket in this process sends synthetic RTP
 * (BENCH_SRTP_BYTES per packet, BENCH_SRTP_PPS packets/s) to a plain-RTP
 * producer, and BENCH_SRTP_CONSUMERS consumers forward it to one socket that
 * is never read, plain and then SRTP-encrypted (AES_CM_128_HMAC_SHA1_80) as
 * `bench media` does. The figure is the worker's own CPU time divided by the
 * packets its consumers sent, so a busy machine slows the run but hardly
 * moves the figure. (An Opus producer, so every packet is forwarded from the
 * first: the encryption does not care what the payload is.)
 */
import { type Consumer, createWorker, LANE_MEDIA_CODECS, type Router } from "../sfu/mediasoup.ts";
import { withoutDelayBasedFeedback } from "../sfu/sdp_rtp.ts";
import { fmt, percentile, processCpuSeconds } from "./stats.ts";

const CONSUMERS = Number(Deno.env.get("BENCH_SRTP_CONSUMERS") ?? 100);
const PPS = Number(Deno.env.get("BENCH_SRTP_PPS") ?? 150);
const BYTES = Number(Deno.env.get("BENCH_SRTP_BYTES") ?? 1100);
const SECONDS = Number(Deno.env.get("BENCH_SRTP_SECONDS") ?? 8);
const ROUNDS = Number(Deno.env.get("BENCH_SRTP_ROUNDS") ?? 2);
const OPENSSL_DIR = new URL("../.tools/libsrtp2-openssl", import.meta.url).pathname;
const SSRC = 0x1234;
const PT = 111;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sink = Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
const sinkPort = (sink.addr as Deno.NetAddr).port;
const sender = Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
const SINK_SRTP = {
  cryptoSuite: "AES_CM_128_HMAC_SHA1_80" as const,
  keyBase64: btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(30)))),
};

/** Consumers of one producer fed with synthetic RTP; returns worker CPU µs per consumer packet. */
async function measure(router: Router, pid: number, srtp: boolean): Promise<number> {
  const ingest = await router.createPlainTransport({
    listenIp: { ip: "127.0.0.1" },
    rtcpMux: true,
    comedia: true,
  });
  const producer = await ingest.produce({
    kind: "audio",
    rtpParameters: {
      codecs: [{ mimeType: "audio/opus", payloadType: PT, clockRate: 48000, channels: 2 }],
      encodings: [{ ssrc: SSRC }],
    },
  });
  const consumers: Consumer[] = [];
  for (let i = 0; i < CONSUMERS; i++) {
    const t = await router.createPlainTransport({
      listenIp: { ip: "127.0.0.1" },
      rtcpMux: true,
      comedia: false,
      ...(srtp ? { enableSrtp: true, srtpCryptoSuite: "AES_CM_128_HMAC_SHA1_80" as const } : {}),
    });
    await t.connect({
      ip: "127.0.0.1",
      port: sinkPort,
      ...(srtp ? { srtpParameters: SINK_SRTP } : {}),
    });
    consumers.push(
      await t.consume({
        producerId: producer.id,
        rtpCapabilities: withoutDelayBasedFeedback(router.rtpCapabilities),
        paused: false,
      }),
    );
  }
  const sent = async () => {
    let n = 0;
    for (const c of consumers) {
      for (const s of await c.getStats()) if (s.type === "outbound-rtp") n += s.packetCount;
    }
    return n;
  };
  const packet = new Uint8Array(BYTES).fill(0x5a);
  packet.set([0x80, PT]);
  const to = { transport: "udp" as const, hostname: "127.0.0.1", port: ingest.tuple.localPort };
  const view = new DataView(packet.buffer);
  view.setUint32(8, SSRC);
  let seq = 0;
  const send = async (seconds: number) => {
    const t0 = performance.now();
    let done = 0;
    while (performance.now() - t0 < seconds * 1000) {
      const due = Math.floor((performance.now() - t0) / 1000 * PPS);
      for (; done < due; done++, seq++) {
        view.setUint16(2, seq & 0xffff);
        view.setUint32(4, seq * 960);
        await sender.send(packet, to);
      }
      await sleep(5);
    }
  };
  await send(2); // the consumers settle
  const p0 = await sent();
  const c0 = processCpuSeconds(pid);
  await send(SECONDS);
  const c1 = processCpuSeconds(pid);
  const p1 = await sent();
  ingest.close();
  for (const c of consumers) c.close();
  return (c1 - c0) / Math.max(p1 - p0, 1) * 1e6;
}

async function round(library: "debian" | "openssl") {
  if (library === "openssl") Deno.env.set("LD_LIBRARY_PATH", OPENSSL_DIR);
  else Deno.env.delete("LD_LIBRARY_PATH");
  const worker = await createWorker({ logLevel: "warn", rtcMinPort: 46000, rtcMaxPort: 46999 });
  try {
    const maps = await Deno.readTextFile(`/proc/${worker.pid}/maps`);
    const lib = /\s(\/\S*libsrtp2\.so\S*)/.exec(maps)?.[1] ?? "?";
    const router = await worker.createRouter({ mediaCodecs: LANE_MEDIA_CODECS });
    const plain = await measure(router, worker.pid, false);
    const srtp = await measure(router, worker.pid, true);
    console.log(
      `  ${library.padEnd(7)} plain ${fmt(plain, 2)} µs  SRTP ${
        fmt(srtp, 2)
      } µs per consumer packet  (${lib})`,
    );
    return { plain, srtp };
  } finally {
    worker.close();
  }
}

const load = () => Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ");
console.log(
  `bench srtp: ${CONSUMERS} consumers, ${PPS} packets/s of ${BYTES} bytes, ${SECONDS} s each, ${ROUNDS} rounds; load ${load()}`,
);
const have = (() => {
  try {
    return Deno.statSync(`${OPENSSL_DIR}/libsrtp2.so.1`).isFile;
  } catch {
    return false;
  }
})();
if (!have) {
  console.log(`  no OpenSSL build in ${OPENSSL_DIR} (./lanecast setup makes it): Debian's only`);
}
const results: Record<string, { plain: number[]; srtp: number[] }> = {
  debian: { plain: [], srtp: [] },
  openssl: { plain: [], srtp: [] },
};
for (let r = 0; r < ROUNDS; r++) {
  for (const library of have ? ["debian", "openssl"] as const : ["debian"] as const) {
    const m = await round(library);
    results[library].plain.push(m.plain);
    results[library].srtp.push(m.srtp);
  }
}
console.log(`load at the end ${load()}`);
for (const [library, m] of Object.entries(results)) {
  if (!m.srtp.length) continue;
  const plain = percentile(m.plain, 50), srtp = percentile(m.srtp, 50);
  console.log(
    `${library.padEnd(8)} median: plain ${fmt(plain, 2)} µs, SRTP ${
      fmt(srtp, 2)
    } µs per consumer packet; ` +
      `SRTP consumers per worker core at ${PPS} packets/s: ${fmt(1e6 / (srtp * PPS), 0)}`,
  );
}
sink.close();
sender.close();
