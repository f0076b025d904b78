/**
 * Several SFU hosts: a lane token names the host the server placed its holder
 * on, and another host refuses it (403 `token_wrong_host`) at every route that
 * takes lane tokens; tokens without the claim (one host) work as before.
 */
import assert from "node:assert/strict";
import type { LaneRight } from "../core/lane_token.ts";
import { startTestSfu, type TestSfu } from "./testing.ts";

/** Each lane-token route with the right it takes: the status and code it answers `token`. */
async function answers(t: TestSfu, host: string | undefined) {
  const sign = (right: LaneRight) => t.sign({ lane: "7", right, sub: "test", host });
  const calls: [string, string, LaneRight, Record<string, string>, string | null][] = [
    ["POST", "/whep/7", "lane:view", { "content-type": "application/sdp" }, "v=0\r\n"],
    ["POST", "/whep/7/replay", "lane:view", { "content-type": "application/sdp" }, "v=0\r\n"],
    ["POST", "/whip/7", "lane:publish", { "content-type": "application/sdp" }, "v=0\r\n"],
    [
      "POST",
      "/ingest/7/rtp",
      "lane:publish",
      { "content-type": "application/json" },
      '{"codec":"XX"}',
    ],
    ["PUT", "/ingest/7/pull", "lane:ingest", { "content-type": "application/json" }, "{}"],
    ["DELETE", "/ingest/7/pull", "lane:ingest", {}, null],
    ["PUT", "/ingest/7/publish-epoch", "lane:ingest", { "content-type": "application/json" }, "{}"],
    ["GET", "/ws/7", "lane:view", {}, null],
  ];
  const out: Record<string, string> = {};
  for (const [method, path, right, headers, body] of calls) {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { ...headers, authorization: `Bearer ${await sign(right)}` },
      body,
    });
    const text = await res.text();
    const code = res.headers.get("content-type")?.includes("json") ? JSON.parse(text).code : "";
    out[`${method} ${path}`] = `${res.status} ${code ?? ""}`;
  }
  return out;
}

Deno.test("a host with an id refuses lane tokens issued for another host at every lane route", async () => {
  const t = await startTestSfu({ SFU_ID: "sfu-a" });
  try {
    const other = await answers(t, "sfu-b");
    for (const [route, got] of Object.entries(other)) {
      assert.equal(got, "403 token_wrong_host", route);
    }
    // Its own tokens and tokens without the claim get past the check (and fail later, on the bodies).
    for (const host of ["sfu-a", undefined]) {
      for (const [route, got] of Object.entries(await answers(t, host))) {
        assert.ok(!got.startsWith("403") && !got.startsWith("401"), `${route} ${host}: ${got}`);
      }
    }
  } finally {
    await t.close();
  }
});

Deno.test("a single host without an id accepts tokens whatever host they name", async () => {
  const t = await startTestSfu();
  try {
    for (const [route, got] of Object.entries(await answers(t, "sfu-b"))) {
      assert.ok(!got.startsWith("403") && !got.startsWith("401"), `${route}: ${got}`);
    }
  } finally {
    await t.close();
  }
});
