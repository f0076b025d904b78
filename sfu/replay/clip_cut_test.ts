import assert from "node:assert/strict";
import { cutClip } from "./clip_cut.ts";
import { RtpRing } from "./rtp_ring.ts";
import { probeClip } from "./testing.ts";

/** Two seconds of H.264 (one keyframe a second, an access unit delimiter before each frame), Annex B. */
async function h264Stream(): Promise<Uint8Array> {
  const out = await new Deno.Command("ffmpeg", {
    args: [
      "-hide_banner",
      "-loglevel",
      "error",
      "-f",
      "lavfi",
      "-i",
      "testsrc=size=320x240:rate=30",
      "-t",
      "2",
      "-c:v",
      "libx264",
      "-g",
      "30",
      "-bf",
      "0",
      "-pix_fmt",
      "yuv420p",
      "-x264-params",
      "aud=1",
      "-f",
      "h264",
      "-",
    ],
    stdout: "piped",
  }).output();
  return out.stdout;
}

/** NAL units of an Annex B stream (start codes removed). */
function nalUnits(s: Uint8Array): Uint8Array[] {
  const starts: number[] = [];
  for (let i = 0; i + 3 < s.length; i++) {
    if (s[i] === 0 && s[i + 1] === 0 && s[i + 2] === 1) starts.push(i + 3);
  }
  return starts.map((at, k) => {
    let end = k + 1 < starts.length ? starts[k + 1] - 3 : s.length;
    while (end > at && s[end - 1] === 0) end--; // the 4-byte start code's extra zero
    return s.subarray(at, end);
  });
}

/** RTP packets of one NAL unit: whole up to 1000 bytes, else FU-A fragments (RFC 6184). */
function packetize(nal: Uint8Array): Uint8Array[] {
  if (nal.length <= 1000) return [nal];
  const out: Uint8Array[] = [];
  for (let at = 1; at < nal.length; at += 1000) {
    const chunk = nal.subarray(at, Math.min(nal.length, at + 1000));
    const fu = new Uint8Array(2 + chunk.length);
    fu[0] = (nal[0] & 0xe0) | 28;
    fu[1] = (at === 1 ? 0x80 : 0) | (at + 1000 >= nal.length ? 0x40 : 0) | (nal[0] & 0x1f);
    fu.set(chunk, 2);
    out.push(fu);
  }
  return out;
}

function rtp(payload: Uint8Array, seq: number, ts: number, marker: boolean): Uint8Array {
  const p = new Uint8Array(12 + payload.length);
  const v = new DataView(p.buffer);
  p[0] = 0x80;
  p[1] = (marker ? 0x80 : 0) | 102;
  v.setUint16(2, seq);
  v.setUint32(4, ts);
  v.setUint32(8, 0x1234);
  p.set(payload, 12);
  return p;
}

Deno.test("an H.264 window is depacketized to Annex B and remuxed into MP4 without re-encoding", async () => {
  const ring = new RtpRing(60_000);
  // Access units start at each delimiter (NAL type 9).
  const units: Uint8Array[][] = [];
  for (const nal of nalUnits(await h264Stream())) {
    if ((nal[0] & 0x1f) === 9) units.push([]);
    units[units.length - 1]?.push(nal);
  }
  assert.equal(units.length, 60);
  let seq = 0;
  units.forEach((nals, i) => {
    const packets = nals.flatMap(packetize);
    packets.forEach((payload, k) =>
      ring.push(
        rtp(payload, seq++, i * 3000, k === packets.length - 1),
        "H264",
        100_000 + i * 1000 / 30,
      )
    );
  });
  assert.deepEqual(ring.frames.flatMap((f, i) => f.keyframe ? [i] : []), [0, 30]);
  const frames = ring.cut(100_000 + 1100, 100_000 + 1900);
  assert.equal(frames[0].keyframe, true);
  const clip = await cutClip("ffmpeg", frames);
  assert.equal(clip.contentType, "video/mp4");
  assert.equal(await probeClip(clip.bytes, "codec_name"), "h264");
  assert.equal(clip.fromMs, 100_000 + 1000);
  assert.equal(clip.durationMs, clip.toMs - clip.fromMs);
  assert.ok(clip.toMs <= 100_000 + 1900 && clip.toMs > 100_000 + 1850);
  // Every frame made it (decodable: ffmpeg counts them by decoding).
  assert.equal(Number(await probeClip(clip.bytes, "nb_read_frames")), frames.length);
});
