import assert from "node:assert/strict";
import { goLive, LIVE_EDGE_TEXT, liveEdgeState } from "./live_edge.ts";

Deno.test("live edge: live while the live video plays and nothing is over it", () => {
  assert.equal(liveEdgeState({ status: "live", replaying: false, paused: false }), "live");
});

Deno.test("live edge: behind while a replay or clip plays, or the video is paused", () => {
  assert.equal(liveEdgeState({ status: "live", replaying: true, paused: false }), "behind");
  assert.equal(liveEdgeState({ status: "live", replaying: false, paused: true }), "behind");
  assert.equal(liveEdgeState({ status: "reconnecting", replaying: true, paused: false }), "behind");
});

Deno.test("live edge: no control without live video (offline, connecting, failed)", () => {
  for (const status of ["idle", "connecting", "waiting", "failed"] as const) {
    assert.equal(liveEdgeState({ status, replaying: false, paused: true }), "none");
    assert.equal(liveEdgeState({ status, replaying: true, paused: false }), "none");
  }
  assert.equal(liveEdgeState({ status: "reconnecting", replaying: false, paused: false }), "none");
});

Deno.test("live edge: the labels name what the control does", () => {
  assert.equal(LIVE_EDGE_TEXT.behind.text, "Go live");
  assert.match(LIVE_EDGE_TEXT.live.label, /^Live/);
  assert.match(LIVE_EDGE_TEXT.behind.label, /^Go live/);
});

Deno.test("go live: ends the replay, closes the clip and plays a paused video", async () => {
  const calls: string[] = [];
  const video = {
    paused: true,
    play: () => {
      calls.push("play");
      return Promise.resolve();
    },
  };
  goLive({
    endReplay: () => calls.push("endReplay"),
    closeClip: () => calls.push("closeClip"),
    video,
  });
  assert.deepEqual(calls, ["endReplay", "closeClip", "play"]);

  calls.length = 0;
  goLive({
    endReplay: () => calls.push("endReplay"),
    closeClip: () => calls.push("closeClip"),
    video: { ...video, paused: false },
  });
  assert.deepEqual(calls, ["endReplay", "closeClip"], "a playing video is left alone");

  goLive({ endReplay: () => {}, closeClip: () => {}, video: null });
  // A refused play() is swallowed (no unhandled rejection).
  goLive({
    endReplay: () => {},
    closeClip: () => {},
    video: { paused: true, play: () => Promise.reject(new Error("NotAllowedError")) },
  });
  await Promise.resolve();
});
