import assert from "node:assert/strict";
import * as jose from "jose";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createTestApp, TEST_CAMERA_KEY, TEST_SFU_SERVICE_KEY } from "../testing.ts";

const host = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  publicUrl: `https://${id}.example.test`,
  internalUrl: `http://${id}.internal.test:8001`,
  workers: 2,
  consumers: 0,
  lanes: 0,
  origins: [],
  ...over,
});

for (const kind of TEST_DB_KINDS) {
  Deno.test(`SFU hosts announce with the service key and lane tokens name a host on ${kind}`, async () => {
    const { app, close } = await createTestApp(kind);
    const announce = (body: unknown, key = TEST_SFU_SERVICE_KEY) =>
      app.request("/api/internal/sfu-hosts/announce", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const watch = async () => {
      const res = await app.request("/api/lanes/1/watch", { method: "POST" });
      assert.equal(res.status, 200);
      const body = await res.json();
      return { ...body, claims: jose.decodeJwt(body.token) };
    };
    try {
      const single = await watch();
      assert.equal(
        single.whepUrl,
        "http://localhost:8001/whep/1",
        "no host announced: SFU_URL's host",
      );
      assert.equal(single.claims.host, undefined);

      const wrong = await announce(host("a"), "not-the-sfu-service-key-000");
      assert.equal(wrong.status, 403);
      assert.equal((await wrong.json()).code, "service_key_wrong");
      const strict = await announce({ ...host("a"), extra: 1 });
      assert.equal(strict.status, 400);
      await strict.body?.cancel();

      // Host a carries the camera of lane 1 and is busy; host b is idle.
      assert.equal(
        (await announce(host("a", { consumers: 40, lanes: 1, origins: ["1"] }))).status,
        204,
      );
      assert.equal((await announce(host("b"))).status, 204);
      const edge = await watch();
      assert.equal(edge.whepUrl, "https://b.example.test/whep/1");
      assert.equal(edge.claims.host, "b");
      assert.equal(
        edge.claims.origin,
        "http://a.internal.test:8001",
        "the edge pipes from the origin",
      );
      assert.match(edge.signalingUrl, /^wss:\/\/b\.example\.test\/ws\/1\?token=/);

      // The camera publishes to its origin; a lane with no origin goes to the host with fewest lanes.
      const publish = async (lane: string) => {
        const res = await app.request(`/api/lanes/${lane}/publish`, {
          method: "POST",
          headers: { authorization: `Bearer ${TEST_CAMERA_KEY}` },
        });
        assert.equal(res.status, 200);
        return await res.json();
      };
      assert.equal((await publish("1")).whipUrl, "https://a.example.test/whip/1");
      assert.equal((await publish("2")).whipUrl, "https://b.example.test/whip/2");

      // Viewers spread: each one sent to b counts until b announces again.
      await announce(host("a", { consumers: 4, lanes: 1, origins: ["1"] }));
      await announce(host("b", { consumers: 3 }));
      const hosts = [];
      for (let i = 0; i < 4; i++) hosts.push((await watch()).claims.host);
      assert.deepEqual(hosts.sort(), ["a", "a", "b", "b"]);
      const fromOrigin = (await Promise.all([watch(), watch()])).find((w) => w.claims.host === "a");
      assert.ok(
        !fromOrigin || fromOrigin.claims.origin === undefined,
        "the origin's viewers need no pipe",
      );
    } finally {
      await close();
    }
  });

  Deno.test(`a host that stops announcing expires and its lanes go back to SFU_URL on ${kind}`, async () => {
    const { app, close } = await createTestApp(kind, { SFU_HOST_TTL_MS: "300" });
    try {
      const res = await app.request("/api/internal/sfu-hosts/announce", {
        method: "POST",
        headers: {
          authorization: `Bearer ${TEST_SFU_SERVICE_KEY}`,
          "content-type": "application/json",
        },
        body: JSON.stringify(host("a")),
      });
      assert.equal(res.status, 204);
      const first = await (await app.request("/api/lanes/1/watch", { method: "POST" })).json();
      assert.equal(first.whepUrl, "https://a.example.test/whep/1");
      await new Promise((r) => setTimeout(r, 600));
      const later = await (await app.request("/api/lanes/1/watch", { method: "POST" })).json();
      assert.equal(later.whepUrl, "http://localhost:8001/whep/1");
    } finally {
      await close();
    }
  });
}

Deno.test("with SFU_HOST_KEYS and SFU_HOST_URLS a host announces only its own id, with its key, on the listed origins", async () => {
  const keyA = "host-a-announce-key-0001";
  const keyB = "host-b-announce-key-0002";
  const { app, close } = await createTestApp("pglite", {
    SFU_HOST_KEYS: `a=${keyA}, b=${keyB}`,
    SFU_HOST_URLS: "https://a.example.test,http://a.internal.test:8001,https://b.example.test",
  });
  const announce = async (body: unknown, key: string) => {
    const res = await app.request("/api/internal/sfu-hosts/announce", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return res.status === 204 ? "204" : `${res.status} ${(await res.json()).code}`;
  };
  try {
    assert.equal(await announce(host("a"), keyA), "204");
    assert.equal(
      await announce(host("a"), keyB),
      "403 sfu_host_key_wrong",
      "b's key cannot announce a",
    );
    assert.equal(
      await announce(host("a"), TEST_SFU_SERVICE_KEY),
      "403 sfu_host_key_wrong",
      "nor can the shared service key",
    );
    assert.equal(await announce(host("c"), keyA), "403 sfu_host_key_wrong", "an id not listed");
    assert.equal(
      await announce(host("a", { internalUrl: "http://169.254.169.254" }), keyA),
      "400 sfu_host_url_forbidden",
    );
    assert.equal(
      await announce(host("b"), keyB),
      "400 sfu_host_url_forbidden",
      "b's internal URL is not listed",
    );
  } finally {
    await close();
  }
});
