import assert from "node:assert/strict";
import { sniffVideo } from "./video_magic.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

Deno.test("an ISO file with an mp4 brand is MP4 and with the QuickTime brand MOV", () => {
  assert.equal(sniffVideo(bytes("\0\0\0\x20ftypisom\0\0")), "mp4");
  assert.equal(sniffVideo(bytes("\0\0\0\x14ftypqt  \0\0")), "mov");
});

Deno.test("a RIFF file of form AVI is AVI, another RIFF (WAV) is not a video", () => {
  assert.equal(sniffVideo(bytes("RIFF\x10\0\0\0AVI LIST")), "avi");
  assert.equal(sniffVideo(bytes("RIFF\x10\0\0\0WAVEfmt ")), null);
});

Deno.test("text, an empty file and a short head are no video", () => {
  assert.equal(sniffVideo(bytes("hello, this is not a video")), null);
  assert.equal(sniffVideo(new Uint8Array()), null);
  assert.equal(sniffVideo(bytes("RIFF")), null);
});
