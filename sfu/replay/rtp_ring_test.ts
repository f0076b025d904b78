import assert from "node:assert/strict";
import { presentationTimes } from "./clip_cut.ts";
import { RtpRing } from "./rtp_ring.ts";

/** A VP8 RTP packet: one packet per frame, keyframe or not. */
function vp8(o: { ssrc: number; seq: number; ts: number; key: boolean }): Uint8Array {
  const p = new Uint8Array(12 + 1 + 10);
  const v = new DataView(p.buffer);
  p[0] = 0x80;
  p[1] = 0x80 | 96;
  v.setUint16(2, o.seq & 0xffff);
  v.setUint32(4, o.ts >>> 0);
  v.setUint32(8, o.ssrc);
  p[12] = 0x10; // start of partition 0
  p[13] = o.key ? 0x00 : 0x01; // VP8 frame tag: P bit clear on keyframes
  return p;
}

/** Feeds `frames` frames at 30 fps captured from `startMs`, each arriving `delay(i)` ms later. */
function feed(
  ring: RtpRing,
  o: {
    ssrc: number;
    ts0: number;
    startMs: number;
    frames: number;
    keyEvery: number;
    delay?: (i: number) => number;
  },
) {
  for (let i = 0; i < o.frames; i++) {
    const capture = o.startMs + i * 1000 / 30;
    const packet = vp8({
      ssrc: o.ssrc,
      seq: i,
      ts: o.ts0 + Math.round(i * 3000),
      key: i % o.keyEvery === 0,
    });
    ring.push(packet, "VP8", capture + (o.delay?.(i) ?? 5));
  }
}

Deno.test("RtpRing maps RTP time to capture time by the smallest arrival delay", () => {
  const ring = new RtpRing(60_000);
  feed(ring, {
    ssrc: 1,
    ts0: 4_000_000_000,
    startMs: 1_000_000,
    frames: 90,
    keyEvery: 30,
    delay: (i) => 5 + (i * 7) % 40,
  });
  const f = ring.frames;
  assert.equal(f.length, 90, "the 32-bit timestamp turns over without splitting frames");
  for (const [i, frame] of f.entries()) {
    assert.ok(Math.abs(frame.captureMs - 5 - (1_000_000 + i * 1000 / 30)) <= 1, `frame ${i}`);
  }
  assert.deepEqual(f.filter((x) => x.keyframe).length, 3);
});

Deno.test("RtpRing keeps only the last bufferMs and says when a window is gone or not there yet", () => {
  const ring = new RtpRing(2000);
  feed(ring, { ssrc: 7, ts0: 0, startMs: 10_000, frames: 150, keyEvery: 30 });
  const w = ring.window();
  assert.ok(w.toMs! - w.fromMs! <= 2000 && w.toMs! - w.fromMs! > 1900);
  assert.equal(w.packets, ring.frames.length);
  assert.throws(() => ring.cut(w.fromMs! - 10, w.fromMs! + 500), /no longer holds/);
  assert.throws(() => ring.cut(w.toMs! - 100, w.toMs! + 500), /does not hold/);
  const cut = ring.cut(w.toMs! - 900, w.toMs! - 100);
  assert.equal(cut[0].keyframe, true, "a cut starts at a keyframe");
  assert.ok(cut[0].captureMs <= w.toMs! - 900);
  assert.ok(cut[cut.length - 1].captureMs <= w.toMs! - 100);
});

Deno.test("RtpRing takes a new camera's stream even when its RTP timestamps are lower", () => {
  const ring = new RtpRing(60_000);
  feed(ring, { ssrc: 1, ts0: 3_000_000_000, startMs: 10_000, frames: 30, keyEvery: 30 });
  feed(ring, { ssrc: 2, ts0: 1000, startMs: 11_000, frames: 30, keyEvery: 30 });
  assert.equal(ring.frames.length, 60);
  assert.equal(ring.newest!.ssrc, 2);
  assert.ok(Math.abs(ring.newest!.captureMs - (11_000 + 29 * 1000 / 30 + 5)) <= 1);
});

Deno.test("presentationTimes() keep the camera's spacing and always increase, even for frames captured within a ms", () => {
  const ring = new RtpRing(60_000);
  for (const [i, ts] of [0, 45, 3000, 6000].entries()) {
    ring.push(vp8({ ssrc: 1, seq: i, ts, key: i === 0 }), "VP8", 1000 + ts / 90);
  }
  assert.deepEqual(presentationTimes([...ring.frames]), [0, 1, 33, 67]);
});

Deno.test("RtpRing holds no more than maxBytes whatever the camera sends", () => {
  const ring = new RtpRing(60_000, 1000);
  feed(ring, { ssrc: 1, ts0: 0, startMs: 0, frames: 300, keyEvery: 30 });
  const w = ring.window();
  assert.ok(w.bytes <= 1000, `${w.bytes} bytes held`);
  assert.equal(w.bytes, 43 * 23, "the newest 43 packets of 23 bytes");
});
