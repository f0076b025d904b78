import assert from "node:assert/strict";
import type { SfuHost } from "../../core/sfu_hosts.ts";
import { createSfuClient } from "../sfu_client.ts";
import type { SfuHosts } from "./hosts.ts";
import { withSfuHosts } from "./hosted_client.ts";

/** A stand-in SFU host: answers /lanes with `lanes` and records publish-epoch and pull calls. */
function stubHost(lanes: unknown[]) {
  const epochs: string[] = [];
  const pulls: string[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/lanes") return Response.json(lanes);
    if (path.endsWith("/publish-epoch")) {
      epochs.push(`${path} ${JSON.stringify(await req.json())}`);
      return new Response(null, { status: 204 });
    }
    if (path.endsWith("/pull")) {
      pulls.push(
        `${req.method} ${path}${req.method === "PUT" ? ` ${(await req.json()).url}` : ""}`,
      );
      return new Response(null, { status: 204 });
    }
    return new Response(null, { status: 404 });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    epochs,
    pulls,
    close: () => server.shutdown(),
  };
}

const lane = (id: string, live: boolean, viewers: number) => ({
  id,
  live,
  liveSince: live ? 1 : null,
  viewers,
  worker: 1,
  video: null,
});

Deno.test("with several hosts a lane is live where its camera is, viewers count on every host, and epochs reach every host", async () => {
  const a = stubHost([lane("1", true, 3)]);
  const b = stubHost([lane("1", false, 5), lane("2", false, 0)]);
  const base = stubHost([]);
  const host = (id: string, url: string): SfuHost => ({
    id,
    publicUrl: url,
    internalUrl: url,
    workers: 1,
    consumers: 0,
    lanes: 1,
    origins: id === "a" ? ["1"] : [],
    seenAt: Date.now(),
  });
  let alive = [host("a", a.url), host("b", b.url)];
  const hosts = {
    alive: () => Promise.resolve(alive),
    originOf: (l: string) => Promise.resolve(alive.find((h) => h.origins.includes(l))),
  } as SfuHosts;
  const client = withSfuHosts(createSfuClient(base.url, { cacheMs: 0 }), hosts, {});
  try {
    const status = await client.lanes();
    assert.equal(status?.get("1")?.live, true);
    assert.equal(status?.get("1")?.viewers, 8);
    assert.equal(status?.get("2")?.live, false);

    await client.setPublishEpoch("1", "ingest-token", 4);
    assert.deepEqual(a.epochs, ['/ingest/1/publish-epoch {"epoch":4}']);
    assert.deepEqual(b.epochs, ['/ingest/1/publish-epoch {"epoch":4}']);
    assert.deepEqual(base.epochs, []);

    alive = [];
    assert.equal((await client.lanes())?.size, 0, "no host alive: SFU_URL alone");
    await client.setPublishEpoch("1", "ingest-token", 5);
    assert.equal(base.epochs.length, 1);
  } finally {
    await Promise.all([a.close(), b.close(), base.close()]);
  }
});

Deno.test("a pulled camera is pulled by the host a camera would publish to and by no other", async () => {
  const a = stubHost([]);
  const b = stubHost([]);
  const base = stubHost([]);
  const host = (id: string, url: string, origins: string[]): SfuHost => ({
    id,
    publicUrl: url,
    internalUrl: url,
    workers: 1,
    consumers: 0,
    lanes: origins.length,
    origins,
    seenAt: Date.now(),
  });
  let alive = [host("a", a.url, []), host("b", b.url, ["2"])];
  const hosts = {
    alive: () => Promise.resolve(alive),
    // As the server picks: the lane's origin while it is alive, else host "a".
    forPublisher: (l: string) =>
      Promise.resolve(alive.find((h) => h.origins.includes(l)) ?? alive[0]),
  } as SfuHosts;
  const client = withSfuHosts(createSfuClient(base.url, { cacheMs: 0 }), hosts, {});
  const rtsp = { url: "rtsp://camera.local/stream", codec: "H264" as const };
  try {
    await client.setPull("2", "ingest-token", rtsp);
    assert.deepEqual(
      b.pulls,
      ["PUT /ingest/2/pull rtsp://camera.local/stream"],
      "its origin pulls it",
    );
    assert.deepEqual(a.pulls, ["DELETE /ingest/2/pull"], "the other host lets it go");

    alive = [host("a", a.url, [])];
    await client.setPull("2", "ingest-token", rtsp);
    assert.equal(
      a.pulls.at(-1),
      "PUT /ingest/2/pull rtsp://camera.local/stream",
      "its origin died",
    );

    alive = [host("a", a.url, []), host("b", b.url, [])];
    await client.setPull("2", "ingest-token", null);
    assert.equal(a.pulls.at(-1), "DELETE /ingest/2/pull");
    assert.equal(b.pulls.at(-1), "DELETE /ingest/2/pull");

    alive = [];
    await client.setPull("2", "ingest-token", rtsp);
    assert.deepEqual(
      base.pulls,
      ["PUT /ingest/2/pull rtsp://camera.local/stream"],
      "no host: SFU_URL",
    );
  } finally {
    await Promise.all([a.close(), b.close(), base.close()]);
  }
});
