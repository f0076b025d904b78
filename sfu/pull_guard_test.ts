/**
 * Pulled cameras: only the server's `lane:ingest` right may order a pull, the
 * SFU applies the camera URL rules itself (names resolved), and ffmpeg runs
 * with an allow-list of protocols and an empty environment.
 */
import assert from "node:assert/strict";
import { cameraNetPolicy } from "../core/camera_url.ts";
import type { DomainError } from "../core/problem.ts";
import { waitFor } from "../tools/system.ts";
import type { LaneRooms } from "./lane_rooms.ts";
import { PullIngests } from "./pull_ingest.ts";
import { startTestSfu, type TestSfu } from "./testing.ts";

async function putPull(t: TestSfu, lane: string, url: string, right = "lane:ingest" as const) {
  const res = await fetch(`${t.url}/ingest/${lane}/pull`, {
    method: "PUT",
    headers: {
      authorization: `Bearer ${await t.token(lane, right)}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ url }),
  });
  const body = res.status === 204 ? null : await res.json();
  return { status: res.status, code: body?.code as string | undefined };
}

Deno.test("the SFU refuses files, bare paths, loopback and metadata addresses as pulled cameras", async () => {
  const t = await startTestSfu();
  try {
    const refused: [string, string][] = [
      ["file:///etc/passwd", "camera_url_invalid"],
      ["/etc/passwd", "camera_url_invalid"],
      ["concat:rtsp://a|rtsp://b", "camera_url_invalid"],
      ["udp://@239.1.1.3:5000", "camera_url_invalid"],
      ["rtsp://127.0.0.1:554/s", "camera_host_forbidden"],
      ["http://localhost:8000/.well-known/jwks.json", "camera_host_forbidden"],
      ["http://[::1]:8001/metrics", "camera_host_forbidden"],
      ["http://169.254.169.254/latest/meta-data/iam/", "camera_host_forbidden"],
      ["http://[::ffff:169.254.169.254]/", "camera_host_forbidden"],
    ];
    for (const [url, code] of refused) {
      assert.deepEqual(await putPull(t, "2", url), { status: 400, code }, url);
    }
    assert.deepEqual(t.sfu.pulls.list(), [], "nothing is pulled");
  } finally {
    await t.close();
  }
});

Deno.test("a camera key's publish token (or any token but the server's) cannot order a pull", async () => {
  const t = await startTestSfu();
  try {
    for (const right of ["lane:publish", "lane:view", "lane:subscribe-raw"] as const) {
      const put = await putPull(t, "2", "rtsp://192.168.1.20/s", right as "lane:ingest");
      assert.deepEqual(put, { status: 403, code: "token_wrong_right" }, right);
      const del = await fetch(`${t.url}/ingest/2/pull`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${await t.token("2", right)}` },
      });
      assert.equal(del.status, 403, right);
      await del.body?.cancel();
    }
    assert.deepEqual(t.sfu.pulls.list(), []);
  } finally {
    await t.close();
  }
});

Deno.test("a camera name that resolves to any forbidden address is refused", async () => {
  const resolved: Record<string, string[]> = {
    "rebind.example": ["192.168.1.21", "169.254.169.254"],
    "me.example": ["127.0.0.1"],
  };
  const pulls = new PullIngests({} as LaneRooms, {
    cameraNets: cameraNetPolicy(""),
    ffmpeg: "false",
    resolve: (host) =>
      resolved[host] ? Promise.resolve(resolved[host]) : Promise.reject(new Error("ENOTFOUND")),
  });
  for (const host of ["rebind.example", "me.example"]) {
    await assert.rejects(
      pulls.set("1", { url: `rtsp://${host}/s`, codec: "VP8" }),
      (e: DomainError) => e.code === "camera_host_forbidden" && e.message.includes(host),
    );
  }
  assert.deepEqual(pulls.list(), []);
});

Deno.test("ffmpeg pulls with an empty environment and only the scheme's protocols", async () => {
  const dir = await Deno.makeTempDir();
  const script = `${dir}/ffmpeg`;
  // Stands in for ffmpeg: writes down the environment it was started with and its arguments, then waits.
  await Deno.writeTextFile(
    script,
    `#!/bin/sh\ntr '\\0' '\\n' < /proc/$$/environ > "${dir}/env.txt"\n` +
      `printf '%s\\n' "$@" > "${dir}/args.txt"\nexec sleep 30\n`,
  );
  await Deno.chmod(script, 0o755);
  Deno.env.set("LANECAST_TEST_SECRET", "must-not-leak");
  const t = await startTestSfu({ FFMPEG_BIN: script, CAMERA_ALLOWED_NETS: "192.0.2.0/24" });
  try {
    assert.deepEqual(await putPull(t, "2", "rtsp://192.0.2.10:554/live"), {
      status: 204,
      code: undefined,
    });
    await waitFor(
      async () => !!(await Deno.stat(`${dir}/args.txt`).catch(() => null))?.size,
      15_000,
      "the stand-in ffmpeg to start",
    );
    assert.equal(await Deno.readTextFile(`${dir}/env.txt`), "", "no variable at all");
    const args = (await Deno.readTextFile(`${dir}/args.txt`)).trim().split("\n");
    const at = (flag: string) => args[args.indexOf(flag) + 1];
    assert.equal(at("-protocol_whitelist"), "rtsp,rtp,udp,tcp");
    assert.equal(at("-i"), "rtsp://192.0.2.10:554/live");
    assert.ok(args.indexOf("-protocol_whitelist") < args.indexOf("-i"), "an input option");
    assert.deepEqual(await putPull(t, "3", "rtsp://192.168.1.20/s"), {
      status: 400,
      code: "camera_host_forbidden",
    }, "outside CAMERA_ALLOWED_NETS");
  } finally {
    Deno.env.delete("LANECAST_TEST_SECRET");
    t.sfu.pulls.closeAll();
    await t.close();
    await Deno.remove(dir, { recursive: true });
  }
});
