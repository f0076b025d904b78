import assert from "node:assert/strict";
import { ApiError } from "../api.ts";
import { WhipError } from "../../media/whip_client.ts";
import {
  type CameraLink,
  CameraPublisher,
  type PublishGrant,
  waitOrOnline,
} from "./camera_publisher.ts";
import { TAKEN_OVER_REASON } from "./camera_messages.ts";

/** A camera whose one track records whether it was stopped. */
function fakeCamera() {
  const listeners: (() => void)[] = [];
  const track = {
    stopped: false,
    stop() {
      this.stopped = true;
    },
    addEventListener: (_type: string, fn: () => void) => listeners.push(fn),
    /** The browser ending the track (another app took the camera). */
    end: () => listeners.forEach((fn) => fn()),
  };
  const stream = { getTracks: () => [track], getVideoTracks: () => [track] };
  return { track, stream: stream as unknown as MediaStream };
}

/** A link the test breaks by hand, with the SFU's reason. */
function fakeLink() {
  let end = () => {};
  const ended = new Promise<void>((r) => (end = r));
  const link = {
    closed: false,
    why: undefined as string | undefined,
    ended,
    end,
    close() {
      link.closed = true;
    },
    reason: () => link.why,
  };
  return link;
}

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 1));
  assert.ok(check(), what);
}

function setup(publish: (n: number) => Promise<CameraLink>) {
  const camera = fakeCamera();
  const grants: string[] = [];
  const delays: number[] = [];
  const wake = { held: false, hold: () => (wake.held = true), release: () => (wake.held = false) };
  let cameraOpens = 0;
  let publishes = 0;
  const publisher = new CameraPublisher({
    grant: (laneId): Promise<PublishGrant> => {
      grants.push(laneId);
      return Promise.resolve({ token: `t${grants.length}`, whipUrl: `http://sfu/whip/${laneId}` });
    },
    openCamera: () => (cameraOpens++, Promise.resolve(camera.stream)),
    publish: () => publish(++publishes),
    wakeLock: wake,
    // Records the delay and waits no longer than a turn of the event loop.
    sleep: (ms) => (delays.push(ms), new Promise((r) => setTimeout(r, 0))),
  });
  return { publisher, camera, grants, delays, wake, opens: () => cameraOpens };
}

Deno.test("CameraPublisher goes on air, and after a drop publishes again with a fresh token on the same camera", async () => {
  const links = [fakeLink(), fakeLink()];
  const { publisher, camera, grants, delays, wake, opens } = setup((n) =>
    Promise.resolve(links[n - 1])
  );
  await publisher.start("2");
  await until(() => publisher.status.value === "live", "on air");
  assert.equal(publisher.statusLabel.value, "On air");
  assert.ok(wake.held, "the screen is kept on");

  links[0].end();
  await until(() => publisher.connects.value === 2, "back on air");
  assert.equal(publisher.status.value, "live");
  assert.deepEqual(grants, ["2", "2"], "a new publish token for each connection");
  assert.equal(opens(), 1, "the camera is opened once");
  assert.ok(links[0].closed, "the broken link is let go");
  assert.deepEqual(delays, [0], "the first retry goes at once");

  await publisher.stop();
  assert.equal(publisher.status.value, "idle");
  assert.ok(links[1].closed && camera.track.stopped && !wake.held, "all let go on stop");
});

Deno.test("CameraPublisher backs off while the video server cannot be reached", async () => {
  const { publisher, delays } = setup(() => Promise.reject(new TypeError("Failed to fetch")));
  await publisher.start("2");
  await until(() => delays.length >= 4, "keeps trying");
  assert.deepEqual(delays.slice(0, 4), [0, 500, 1000, 2000]);
  assert.equal(publisher.status.value, "reconnecting");
  assert.equal(publisher.problem.value, "Cannot reach the server. Check the network");
  assert.ok(publisher.attempt.value >= 4);
  await publisher.stop();
});

Deno.test("CameraPublisher stops for good when the account may not publish, and says so in words", async () => {
  const { publisher, camera, wake, grants } = setup(() => {
    throw new ApiError({ status: 403, code: "forbidden", detail: "Publishing needs a camera key" });
  });
  await publisher.start("2");
  await until(() => publisher.status.value === "failed", "failed");
  assert.equal(
    publisher.problem.value,
    "Your account may not publish video. Ask an admin for the staff role",
  );
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(grants.length, 1, "no second try");
  assert.ok(camera.track.stopped && !wake.held);
});

Deno.test("CameraPublisher retries a busy video server (503) but not a refused pass (403)", async () => {
  let answer = 503;
  const { publisher, grants } = setup(() => Promise.reject(new WhipError(answer, "answered")));
  await publisher.start("2");
  await until(() => grants.length >= 3, "retries a 503");
  assert.equal(publisher.status.value, "reconnecting");
  answer = 403;
  await until(() => publisher.status.value === "failed", "stops on a 403");
  assert.equal(publisher.problem.value, "The video server refused this camera's pass. Start again");
});

Deno.test("CameraPublisher does not fight another camera that took the lane over", async () => {
  const link = fakeLink();
  const { publisher, grants, camera } = setup(() => Promise.resolve(link));
  await publisher.start("2");
  await until(() => publisher.status.value === "live", "on air");
  link.why = TAKEN_OVER_REASON;
  link.end();
  await until(() => publisher.status.value === "failed", "stopped");
  assert.match(publisher.problem.value ?? "", /Another camera took over this lane/);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(grants.length, 1, "no reconnect");
  assert.ok(camera.track.stopped);
});

Deno.test("CameraPublisher says in words when the browser refuses the camera, and asks no token", async () => {
  const grants: string[] = [];
  const publisher = new CameraPublisher({
    grant: (id) => (grants.push(id), Promise.reject(new Error("unreachable"))),
    openCamera: () => Promise.reject(new DOMException("Permission denied", "NotAllowedError")),
    publish: () => Promise.reject(new Error("unreachable")),
  });
  await publisher.start("2");
  assert.equal(publisher.status.value, "failed");
  assert.match(publisher.problem.value ?? "", /Allow camera access/);
  assert.deepEqual(grants, []);
});

Deno.test("CameraPublisher stops when the camera track ends under it", async () => {
  const link = fakeLink();
  const { publisher, camera } = setup(() => Promise.resolve(link));
  await publisher.start("2");
  await until(() => publisher.status.value === "live", "on air");
  camera.track.end();
  await until(() => link.closed, "link let go");
  assert.equal(publisher.status.value, "failed");
  assert.match(publisher.problem.value ?? "", /The camera stopped/);
});

Deno.test("waitOrOnline() ends its wait when the network comes back", async () => {
  let resolved = false;
  const wait = waitOrOnline(60_000).then(() => (resolved = true));
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(resolved, false);
  dispatchEvent(new Event("online"));
  await wait;
  assert.equal(resolved, true);
});
