import assert from "node:assert/strict";
import {
  cameraNetPolicy,
  cameraUrlProblem,
  ffmpegProtocols,
  redactCameraUrl,
  redactUrlsIn,
  resolvedHostProblem,
  urlHost,
} from "./camera_url.ts";

const open = cameraNetPolicy("");
const code = (url: string, policy = open) => cameraUrlProblem(url, policy)?.code ?? null;

Deno.test("cameraUrlProblem() accepts RTSP and HTTP cameras on the LAN and beyond", () => {
  for (
    const url of [
      "rtsp://10.0.0.7:554/Streaming/Channels/101",
      "rtsp://admin:p%40ss@cam.local/stream?channel=1&subtype=0",
      "RTSP://cam.local/h264",
      "rtsps://cam.local:322/live",
      "rtsp://192.168.1.20/s",
      "rtsp://172.20.0.5/s",
      "rtsp://100.64.3.4/s",
      "rtsp://[fd00::20]:554/s",
      "http://cam.local/mjpeg",
      "https://cameras.example.com/live.mjpg",
      "rtsp://203.0.113.9/s",
    ]
  ) assert.equal(code(url), null, url);
});

Deno.test("cameraUrlProblem() refuses local files, bare paths, other protocols and shell characters", () => {
  for (
    const url of [
      "",
      "file:///etc/passwd",
      "/etc/passwd",
      "etc/passwd",
      "pipe:0",
      "concat:rtsp://a|rtsp://b",
      "subfile,,start,0,end,0,,:rtsp://a",
      "crypto+rtsp://cam/1",
      "async:rtsp://cam/1",
      "data:text/plain,hi",
      "srt://cam.local:9000",
      "udp://@239.1.1.3:5000",
      "rtp://10.0.0.9:5004",
      "gopher://cam/1",
      "-i rtsp://cam/1",
      "rtsp://cam/1 -f null -",
      "rtsp://cam/1\n-y",
      "rtsp://cam/\u0000",
      "rtsp://cam/`reboot`",
      "rtsp://cam/'x'",
      "rtsp://evil\\@cam/x",
      "rtsp:///path-only",
      "rtsp://user@/x",
      "rtsp:cam",
      "rtsp://%31%32%37.0.0.1/s",
      "rtsp://2130706433/s",
      "rtsp://127.1/s",
      "rtsp://0x7f.0.0.1/s",
      "rtsp://0177.0.0.1/s",
      "rtsp://cam_1.local/s",
      `rtsp://cam/${"a".repeat(1100)}`,
    ]
  ) assert.equal(code(url), "camera_url_invalid", JSON.stringify(url));
});

Deno.test("cameraUrlProblem() refuses loopback, link-local, unspecified, multicast and metadata hosts", () => {
  for (
    const url of [
      "rtsp://127.0.0.1/s",
      "http://127.8.9.1:8000/api/health",
      "rtsp://localhost/s",
      "rtsp://LOCALHOST./s",
      "http://admin.localhost/",
      "rtsp://[::1]/s",
      "rtsp://[::ffff:127.0.0.1]/s",
      "http://169.254.169.254/latest/meta-data/",
      "http://user:pw@169.254.169.254:80/",
      "http://[::ffff:169.254.169.254]/",
      "http://[fd00:ec2::254]/",
      "http://100.100.100.200/latest/meta-data/",
      "http://metadata.google.internal/computeMetadata/v1/",
      "rtsp://169.254.10.10/s",
      "rtsp://[fe80::1]/s",
      "rtsp://0.0.0.0/s",
      "rtsp://[::]/s",
      "rtsp://239.1.1.1/s",
      "rtsp://255.255.255.255/s",
    ]
  ) assert.equal(code(url), "camera_host_forbidden", url);
});

Deno.test("CAMERA_ALLOWED_NETS allows only its ranges, loopback if listed, and never a metadata address", () => {
  const vlan = cameraNetPolicy("192.168.10.0/24");
  assert.equal(code("rtsp://192.168.10.7/s", vlan), null);
  assert.equal(code("rtsp://192.168.11.7/s", vlan), "camera_host_forbidden");
  assert.equal(code("rtsp://10.0.0.7/s", vlan), "camera_host_forbidden");
  const local = cameraNetPolicy("127.0.0.0/8, 169.254.0.0/16");
  assert.equal(code("http://127.0.0.1:9000/cam", local), null);
  assert.equal(
    code("rtsp://169.254.3.3/s", local),
    null,
    "a link-local camera the operator listed",
  );
  assert.equal(code("http://169.254.169.254/", local), "camera_host_forbidden");
  assert.equal(
    code("rtsp://localhost/s", local),
    "camera_host_forbidden",
    "names are judged as names",
  );
  assert.throws(() => cameraNetPolicy("192.168.0.0/40"), /is not an IP range/);
});

Deno.test("resolvedHostProblem() refuses a name that resolves to any forbidden address", () => {
  assert.equal(resolvedHostProblem("cam.local", ["192.168.1.20"], open), null);
  const p = resolvedHostProblem("rebind.example", ["192.168.1.20", "169.254.169.254"], open);
  assert.equal(p?.code, "camera_host_forbidden");
  assert.match(
    p!.message,
    /"rebind\.example" resolves to 169\.254\.169\.254, which is a cloud metadata address/,
  );
  assert.equal(resolvedHostProblem("me.example", ["::1"], open)?.code, "camera_host_forbidden");
  assert.equal(
    resolvedHostProblem("cam.example", ["10.2.0.1"], cameraNetPolicy("10.1.0.0/16"))?.code,
    "camera_host_forbidden",
  );
});

Deno.test("urlHost() reads the host ffmpeg will connect to", () => {
  assert.equal(urlHost("rtsp://a:b@c@cam.local:554/x"), "cam.local");
  assert.equal(urlHost("rtsp://[fd00::1]:554/x"), "[fd00::1]");
  assert.equal(urlHost("http://cam.local./x?y=@z"), "cam.local");
  assert.equal(urlHost("rtsp:///x"), null);
});

Deno.test("ffmpegProtocols() allows what the scheme needs and nothing that reads files", () => {
  assert.equal(ffmpegProtocols("rtsp://cam/s"), "rtsp,rtp,udp,tcp");
  assert.equal(ffmpegProtocols("RTSPS://cam/s"), "rtsps,rtsp,rtp,udp,tcp,tls");
  assert.equal(ffmpegProtocols("http://cam/s"), "http,tcp");
  assert.equal(ffmpegProtocols("https://cam/s"), "https,tls,tcp");
  for (const scheme of ["rtsp", "rtsps", "http", "https"]) {
    assert.doesNotMatch(ffmpegProtocols(`${scheme}://c/s`), /file|pipe|concat|subfile|data|crypto/);
  }
});

Deno.test("redactCameraUrl() hides the user name and password only", () => {
  assert.equal(
    redactCameraUrl("rtsp://admin:secret@10.0.0.7:554/s?x=@"),
    "rtsp://[redacted]@10.0.0.7:554/s?x=@",
  );
  assert.equal(redactCameraUrl("rtsp://a:b@c@cam.local/s"), "rtsp://[redacted]@cam.local/s");
  assert.equal(redactCameraUrl("http://cam.local:8080/mjpeg"), "http://cam.local:8080/mjpeg");
});

Deno.test("redactUrlsIn() hides the credentials of every URL in a line of ffmpeg's", () => {
  const line =
    "[rtsp @ 0x5] method DESCRIBE failed: 401 rtsp://admin:s3cret@10.0.0.9:554/live | tried rtsp://u@cam/x and http://cam/y";
  const out = redactUrlsIn(line);
  assert.ok(!out.includes("s3cret") && !out.includes("admin") && !out.includes("u@cam"), out);
  assert.match(out, /rtsp:\/\/\[redacted\]@10\.0\.0\.9:554\/live/);
  assert.match(out, /http:\/\/cam\/y/);
});
