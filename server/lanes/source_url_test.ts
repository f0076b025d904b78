import assert from "node:assert/strict";
import { redactSourceUrl, sourceUrlProblem } from "./source_url.ts";

Deno.test("sourceUrlProblem() accepts network camera URLs", () => {
  for (
    const url of [
      "rtsp://10.0.0.7:554/Streaming/Channels/101",
      "rtsp://admin:p%40ss@cam.local/stream?channel=1&subtype=0",
      "RTSP://cam.local/h264?codec=h264",
      "rtsps://cam.local:322/live",
      "srt://cam.local:9000?mode=caller&latency=120",
      "udp://@239.1.1.3:5000",
      "rtp://10.0.0.9:5004",
      "http://cam.local/mjpeg",
      "https://cam.local/live/index.m3u8",
    ]
  ) assert.equal(sourceUrlProblem(url), null, url);
});

Deno.test("sourceUrlProblem() refuses local files, ffmpeg protocol tricks and shell characters", () => {
  for (
    const url of [
      "",
      "file:///etc/passwd",
      "/etc/passwd",
      "pipe:0",
      "concat:rtsp://a|rtsp://b",
      "subfile,,start,0,end,0,,:rtsp://a",
      "crypto+rtsp://cam/1",
      "async:rtsp://cam/1",
      "data:text/plain,hi",
      "-i rtsp://cam/1",
      "-fflags",
      "rtsp://cam/1 -f null -",
      "rtsp://cam/1\n-y",
      "rtsp://cam/\u0000",
      "rtsp://cam/`reboot`",
      'rtsp://cam/$(reboot)"',
      "rtsp://cam/'x'",
      "rtsp:///path-only",
      "rtsp:cam",
      "gopher://cam/1",
      `rtsp://cam/${"a".repeat(1100)}`,
    ]
  ) assert.notEqual(sourceUrlProblem(url), null, JSON.stringify(url));
});

Deno.test("redactSourceUrl() hides the user name and password only", () => {
  assert.equal(
    redactSourceUrl("rtsp://admin:secret@10.0.0.7:554/s?x=@"),
    "rtsp://[redacted]@10.0.0.7:554/s?x=@",
  );
  assert.equal(redactSourceUrl("srt://cam.local:9000"), "srt://cam.local:9000");
});
