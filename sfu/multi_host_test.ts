/**
 * Two SFU hosts as separate processes announcing to one server: a camera
 * lands on one (its origin), viewers the server sends to the other are served
 * there through a pipe, and killing a host moves its viewers to the survivor.
 * Then a third host joins and the origin itself is killed: the camera
 * publishes again to the new host, which becomes the lane's origin, and the
 * viewers follow it.
 */
import assert from "node:assert/strict";
import { createTestApp, TEST_CAMERA_KEY, TEST_SFU_SERVICE_KEY } from "../server/testing.ts";
import { createSfuHosts } from "../server/sfu_hosts/hosts.ts";
import { waitFor } from "../tools/system.ts";
import { type PlacedViewer, placeViewers, startSfuHost } from "./hosts_testing.ts";
import { publishPatternWith } from "./testing.ts";

const LANE = "1";

Deno.test({
  name:
    "viewers on two SFU hosts see one camera, a killed host's viewers move to the other, and the origin moves with its camera",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const t = await createTestApp("pglite", { WATCH_LIMIT_PER_MINUTE: "10000" });
    // Real health checks: the test's hosts answer (the default test app's fake hosts do not).
    t.deps.sfuHosts = createSfuHosts({ sql: t.deps.db.sql, ttlMs: 3000 });
    const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, t.app.fetch);
    const serverUrl = `http://127.0.0.1:${server.addr.port}`;
    const hosts = await Promise.all(
      ["a", "b"].map((id) => startSfuHost({ id, serverUrl, serviceKey: TEST_SFU_SERVICE_KEY })),
    );
    const grant = async (path: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${serverUrl}/api/lanes/${LANE}/${path}`, {
        method: "POST",
        headers,
      });
      assert.equal(res.status, 200, await res.clone().text());
      return await res.json();
    };
    const viewers: PlacedViewer[] = [];
    const camera = publishPatternWith(() =>
      grant("publish", { authorization: `Bearer ${TEST_CAMERA_KEY}` })
    );
    try {
      await waitFor(
        async () => (await t.deps.sfuHosts!.alive()).length === 2,
        30_000,
        "both hosts",
      );
      await waitFor(
        async () => !!(await t.deps.sfuHosts!.originOf(LANE)),
        30_000,
        "the camera's host to announce itself as the lane's origin",
      );
      const origin = (await t.deps.sfuHosts!.originOf(LANE))!.id;

      // Viewers as the server places them, one after another, until both hosts have some.
      viewers.push(...await placeViewers(hosts, () => grant("watch")));
      assert.deepEqual(new Set(viewers.map((v) => v.host)), new Set(["a", "b"]));
      await waitFor(
        () => viewers.every((v) => v.viewer.frames >= 10),
        60_000,
        "every viewer on both hosts to decode frames",
      );

      // Kill the edge host: its viewers ask the server again and land on the origin.
      const edge = hosts.find((h) => h.id !== origin)!;
      const moved = viewers.filter((v) => v.host === edge.id);
      const killedAt = Date.now();
      await edge.kill();
      await waitFor(
        () => moved.every((v) => v.placedAt > killedAt && v.backAt > v.placedAt),
        30_000,
        "the killed host's viewers to see frames again",
      );
      assert.ok(moved.every((v) => v.host === origin), "they watch at the surviving host now");
      const took = moved.map((v) => v.backAt - killedAt);
      console.log(`kill to the next frame at the other host: ${took.join(", ")} ms`);

      // The origin dies with the camera on it: the camera republishes where the
      // server sends it (the only live host, "c"), and every viewer follows.
      hosts.push(await startSfuHost({ id: "c", serverUrl, serviceKey: TEST_SFU_SERVICE_KEY }));
      await waitFor(
        async () => (await t.deps.sfuHosts!.alive()).some((h) => h.id === "c"),
        30_000,
        "host c",
      );
      const originHost = hosts.find((h) => h.id === origin)!;
      const originKilledAt = Date.now();
      await originHost.kill();
      await waitFor(
        async () => (await t.deps.sfuHosts!.originOf(LANE))?.id === "c",
        30_000,
        "the camera to publish again, to host c",
      );
      await waitFor(
        () => viewers.every((v) => v.placedAt > originKilledAt && v.backAt > v.placedAt),
        30_000,
        "every viewer to see frames again after the origin died",
      );
      assert.ok(viewers.every((v) => v.host === "c"), "the viewers watch at the new origin");
      console.log(
        `origin killed to the next frame at the new origin: ${
          viewers.map((v) => v.backAt - originKilledAt).join(", ")
        } ms`,
      );
    } finally {
      await Promise.all(viewers.map((v) => v.viewer.close()));
      await camera.stop();
      await Promise.all(hosts.map((h) => h.stop()));
      await server.shutdown();
      await t.close();
    }
  },
});
