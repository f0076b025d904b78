import assert from "node:assert/strict";
import { verifyLaneToken } from "../../core/lane_token.ts";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createTestApp, TEST_CAMERA_KEY } from "../testing.ts";

const json = (res: Response) => res.json();

async function expectProblem(res: Response, status: number, detail: RegExp) {
  assert.equal(res.status, status);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  const body = await res.json();
  assert.equal(body.status, status);
  assert.match(body.detail, detail);
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`lane routes on ${kind}`, async (t) => {
    const { app, sfu, deps, as, close } = await createTestApp(kind);
    try {
      await t.step("GET /api/lanes lists lanes with live state from the SFU", async () => {
        sfu.live.set("1", { id: "1", live: true, liveSince: Date.now(), viewers: 2 });
        const res = await app.request("/api/lanes");
        assert.equal(res.status, 200);
        assert.match(res.headers.get("content-type") ?? "", /application\/json/);
        const lanes = await json(res);
        assert.deepEqual(
          lanes.map((l: { id: string; name: string; live: boolean }) => [l.id, l.name, l.live]),
          [
            ["1", "Lane 1", true],
            ["2", "Lane 2", false],
            ["3", "Lane 3", false],
          ],
        );
        assert.equal(lanes[0].source, "sim");
        assert.equal(lanes[2].source, "whip");
      });

      await t.step("GET /api/lanes still answers when the SFU is down (nothing live)", async () => {
        sfu.up = false;
        const lanes = await json(await app.request("/api/lanes"));
        assert.equal(lanes.length, 3);
        assert.ok(lanes.every((l: { live: boolean }) => !l.live));
        sfu.up = true;
      });

      await t.step(
        "POST /api/lanes/{id}/watch gives a view token for that lane only, no login needed",
        async () => {
          const res = await app.request("http://alley.local:8000/api/lanes/2/watch", {
            method: "POST",
          });
          assert.equal(res.status, 200);
          const body = await json(res);
          assert.equal(body.whepUrl, "http://alley.local:8001/whep/2");
          assert.ok(body.signalingUrl.startsWith("ws://alley.local:8001/ws/2?token="));
          const claims = await verifyLaneToken(deps.keys.publicKey, body.token, {
            lane: "2",
            right: "lane:view",
          });
          assert.equal(claims.lane, "2");
          await assert.rejects(
            verifyLaneToken(deps.keys.publicKey, body.token, { lane: "1", right: "lane:view" }),
            /lane "2"/,
          );
          await assert.rejects(
            verifyLaneToken(deps.keys.publicKey, body.token, { lane: "2", right: "lane:publish" }),
            /lane:publish/,
          );
        },
      );

      await t.step("watching an unknown lane is a 404 problem", async () => {
        await expectProblem(
          await app.request("/api/lanes/99/watch", { method: "POST" }),
          404,
          /Cannot find lane "99"/,
        );
        await expectProblem(
          await app.request("/api/lanes/'%3B%20drop%20table%20lanes--/watch", { method: "POST" }),
          404,
          /Cannot find lane/,
        );
        assert.equal((await json(await app.request("/api/lanes"))).length, 3, "nothing dropped");
      });

      await t.step("POST /api/lanes/{id}/publish needs the camera key", async () => {
        await expectProblem(
          await app.request("/api/lanes/1/publish", { method: "POST" }),
          401,
          /camera key/,
        );
        await expectProblem(
          await app.request("/api/lanes/1/publish", {
            method: "POST",
            headers: { authorization: "Bearer wrong-key-wrong-key" },
          }),
          403,
          /not valid/,
        );
        const res = await app.request("/api/lanes/1/publish", {
          method: "POST",
          headers: { authorization: `Bearer ${TEST_CAMERA_KEY}` },
        });
        assert.equal(res.status, 200);
        const body = await json(res);
        assert.match(body.whipUrl, /\/whip\/1$/);
        await verifyLaneToken(deps.keys.publicKey, body.token, {
          lane: "1",
          right: "lane:publish",
        });
      });

      await t.step(
        "POST /api/lanes/{id}/publish also takes a staff access token, not a spectator's",
        async () => {
          const staff = await as("staff");
          const res = await app.request("/api/lanes/2/publish", {
            method: "POST",
            headers: staff.headers,
          });
          assert.equal(res.status, 200);
          const claims = await verifyLaneToken(deps.keys.publicKey, (await json(res)).token, {
            lane: "2",
            right: "lane:publish",
          });
          assert.equal(claims.sub, `staff:${staff.id}`);
          const spectator = await as("spectator");
          await expectProblem(
            await app.request("/api/lanes/2/publish", {
              method: "POST",
              headers: spectator.headers,
            }),
            403,
            /camera key or a staff account/,
          );
        },
      );

      await t.step(
        "GET /api/lanes/{id} shows one lane with its enabled and calibrated flags",
        async () => {
          const res = await app.request("/api/lanes/2");
          assert.equal(res.status, 200);
          assert.match(res.headers.get("content-type") ?? "", /application\/json/);
          assert.deepEqual(await json(res), {
            id: "2",
            name: "Lane 2",
            live: false,
            viewers: 0,
            source: "sim",
            game: null,
            enabled: true,
            hidden: false,
            calibrated: true,
          });
          await expectProblem(await app.request("/api/lanes/99"), 404, /Cannot find lane "99"/);
        },
      );

      await t.step("the JWKS carries the public key only", async () => {
        const jwks = await json(await app.request("/.well-known/jwks.json"));
        assert.equal(jwks.keys.length, 1);
        assert.equal(jwks.keys[0].kty, "OKP");
        assert.equal(jwks.keys[0].d, undefined);
      });

      await t.step("health reports db, kv and sfu", async () => {
        const res = await app.request("/api/health");
        assert.equal(res.status, 200);
        const body = await json(res);
        assert.equal(body.status, "ok");
        assert.equal(body.components.db.status, "ok");
        assert.equal(body.components.db.kind, kind);
        assert.equal(body.components.kv.status, "ok");
        assert.equal(body.components.sfu.status, "ok");
        sfu.up = false;
        const down = await app.request("/api/health");
        assert.equal(down.status, 503);
        assert.equal((await json(down)).components.sfu.status, "down");
        sfu.up = true;
      });

      await t.step("oversized bodies and unknown API routes are problems, not 500s", async () => {
        await expectProblem(
          await app.request("/api/lanes/1/watch", {
            method: "POST",
            body: "x".repeat(100_000),
            headers: { "content-type": "text/plain" },
          }),
          413,
          /limited/,
        );
        await expectProblem(await app.request("/api/nope"), 404, /Cannot find/);
      });
    } finally {
      await close();
    }
  });
}
