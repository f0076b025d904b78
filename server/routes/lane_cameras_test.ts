/**
 * Who may feed a lane and from where: camera URLs the server refuses, the
 * global camera key kept to simulated lanes, audited publish grants, and
 * publish epochs that end a lane's publishers when its key changes or it is
 * disabled.
 */
import assert from "node:assert/strict";
import * as jose from "jose";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createTestApp, TEST_CAMERA_KEY } from "../testing.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;

function call(app: App["app"], method: string, path: string, body?: unknown, headers = {}) {
  return app.request(`http://alley.local${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function expectCode(res: Response, status: number, code: string) {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  assert.equal(JSON.parse(text).code, code, text);
}

const camera = { authorization: `Bearer ${TEST_CAMERA_KEY}` };
const epochOf = (token: string) => jose.decodeJwt(token).epoch;

for (const kind of TEST_DB_KINDS) {
  Deno.test(`camera sources and publishers of a lane on ${kind}`, async (t) => {
    const ctx = await createTestApp(kind);
    const { app, deps, sfu } = ctx;
    const sql = deps.db.sql;
    const staff = await ctx.as("staff");
    const setSource = (url: string) =>
      call(app, "PATCH", "/api/lanes/3", { sourceKind: "rtsp", sourceUrl: url }, staff.headers);
    const publish = async (lane: string, headers: Record<string, string>) =>
      await call(app, "POST", `/api/lanes/${lane}/publish`, undefined, headers);
    try {
      await t.step(
        "files, bare paths, loopback and metadata addresses are refused as camera URLs",
        async () => {
          const [{ before }] = await sql`select count(*)::int as before from audit_log`;
          const refused: [string, string][] = [
            ["file:///etc/passwd", "camera_url_invalid"],
            ["/etc/passwd", "camera_url_invalid"],
            ["srt://cam.local:9000", "camera_url_invalid"],
            ["rtsp://127.0.0.1:554/s", "camera_host_forbidden"],
            ["rtsp://localhost/s", "camera_host_forbidden"],
            ["http://[::1]:8000/api/health", "camera_host_forbidden"],
            ["http://169.254.169.254/latest/meta-data/", "camera_host_forbidden"],
            ["http://metadata.google.internal/computeMetadata/v1/", "camera_host_forbidden"],
          ];
          for (const [url, code] of refused) {
            await expectCode(
              await call(app, "POST", "/api/lanes", {
                name: "Cam",
                sourceKind: "rtsp",
                sourceUrl: url,
              }, staff.headers),
              400,
              code,
            );
            await expectCode(await setSource(url), 400, code);
          }
          const [{ after }] = await sql`select count(*)::int as after from audit_log`;
          assert.equal(after, before, "nothing changed, nothing audited");
          const lane = await (await setSource("rtsp://192.168.1.20:554/stream1")).json();
          assert.equal(
            lane.sourceUrl,
            "rtsp://192.168.1.20:554/stream1",
            "a camera on the alley's LAN",
          );
          await call(app, "PATCH", "/api/lanes/3", { sourceKind: "whip" }, staff.headers);
        },
      );

      await t.step("the global camera key publishes to simulated lanes only", async () => {
        const res = await publish("1", camera);
        assert.equal(res.status, 200);
        assert.equal(jose.decodeJwt((await res.json()).token).sub, "camera");
        await expectCode(await publish("3", camera), 403, "camera_key_not_for_lane");
      });

      await t.step(
        "each publish grant is audited with the kind of key, the lane and the address",
        async () => {
          await sql`delete from audit_log where action = 'lane.publish.grant'`;
          const key =
            (await (await call(app, "POST", "/api/lanes/3/camera-key", undefined, staff.headers))
              .json())
              .cameraKey;
          assert.equal((await publish("3", { authorization: `Bearer ${key}` })).status, 200);
          assert.equal((await publish("1", camera)).status, 200);
          assert.equal((await publish("2", staff.headers)).status, 200);
          await publish("3", { authorization: "Bearer lck_not-the-key" });
          const rows = await sql<
            { actor_id: string | null; target_id: string; detail: Record<string, unknown> }[]
          >`
          select actor_id, target_id, detail from audit_log where action = 'lane.publish.grant' order by id`;
          assert.deepEqual(rows.map((r) => [r.target_id, r.detail.key, r.actor_id]), [
            ["3", "lane-key", null],
            ["1", "global-key", null],
            ["2", "staff", staff.id],
          ]);
          assert.equal(rows[0].detail.address, "unknown", "in-memory requests have no address");
          assert.doesNotMatch(JSON.stringify(rows), new RegExp(key), "never the key itself");
        },
      );

      await t.step(
        "rotating or removing the camera key ends the lane's publish epoch at the SFU",
        async () => {
          sfu.epochs.length = 0;
          const key =
            (await (await call(app, "POST", "/api/lanes/3/camera-key", undefined, staff.headers))
              .json())
              .cameraKey;
          const first =
            (await (await publish("3", { authorization: `Bearer ${key}` })).json()).token;
          const [{ publish_epoch: epoch }] =
            await sql`select publish_epoch from lanes where id = '3'`;
          assert.equal(epochOf(first), epoch, "the token carries the lane's epoch");
          assert.deepEqual(sfu.epochs, [["3", epoch]], "the SFU is told before the answer");

          const next =
            (await (await call(app, "POST", "/api/lanes/3/camera-key", undefined, staff.headers))
              .json())
              .cameraKey;
          assert.deepEqual(sfu.epochs.at(-1), ["3", epoch + 1]);
          await expectCode(
            await publish("3", { authorization: `Bearer ${key}` }),
            403,
            "camera_key_wrong",
          );
          const second =
            (await (await publish("3", { authorization: `Bearer ${next}` })).json()).token;
          assert.equal(epochOf(second), epoch + 1);

          assert.equal(
            (await call(app, "DELETE", "/api/lanes/3/camera-key", undefined, staff.headers)).status,
            204,
          );
          assert.deepEqual(sfu.epochs.at(-1), ["3", epoch + 2]);
          const [audit] = await sql`
          select detail from audit_log where action = 'lane.camera_key.revoke' order by id desc limit 1`;
          assert.deepEqual(audit.detail, { had: true, publishEpoch: epoch + 2 });
        },
      );

      await t.step("disabling a lane ends its publish epoch; re-enabling does not", async () => {
        sfu.epochs.length = 0;
        const [{ publish_epoch: epoch }] =
          await sql`select publish_epoch from lanes where id = '1'`;
        await call(app, "PATCH", "/api/lanes/1", { enabled: false }, staff.headers);
        assert.deepEqual(sfu.epochs, [["1", epoch + 1]]);
        await expectCode(await publish("1", camera), 409, "lane_disabled");
        await call(app, "PATCH", "/api/lanes/1", { enabled: true, name: "Lane 1" }, staff.headers);
        assert.deepEqual(sfu.epochs, [["1", epoch + 1]]);
        assert.equal(epochOf((await (await publish("1", camera)).json()).token), epoch + 1);
      });

      await t.step("a simulated lane given a camera drops the simulator's publisher", async () => {
        sfu.epochs.length = 0;
        const [{ publish_epoch: epoch }] =
          await sql`select publish_epoch from lanes where id = '2'`;
        await call(app, "PATCH", "/api/lanes/2", { sourceKind: "whip" }, staff.headers);
        assert.deepEqual(sfu.epochs, [["2", epoch + 1]]);
        await expectCode(await publish("2", camera), 403, "camera_key_not_for_lane");
        await call(app, "PATCH", "/api/lanes/2", { name: "Lane 2" }, staff.headers);
        assert.equal(sfu.epochs.length, 1, "other changes leave publishers alone");
      });
    } finally {
      await ctx.close();
    }
  });
}

Deno.test("CAMERA_KEY_LANES=all lets the global key publish anywhere; CAMERA_ALLOWED_NETS admits a listed range", async () => {
  const ctx = await createTestApp("pglite", {
    CAMERA_KEY_LANES: "all",
    CAMERA_ALLOWED_NETS: "127.0.0.0/8",
  });
  try {
    const staff = await ctx.as("staff");
    assert.equal(
      (await call(ctx.app, "POST", "/api/lanes/3/publish", undefined, camera)).status,
      200,
    );
    const ok = await call(ctx.app, "PATCH", "/api/lanes/3", {
      sourceKind: "rtsp",
      sourceUrl: "http://127.0.0.1:9000/cam",
    }, staff.headers);
    assert.equal(ok.status, 200, await ok.text());
    await expectCode(
      await call(
        ctx.app,
        "PATCH",
        "/api/lanes/3",
        { sourceUrl: "rtsp://192.168.1.20/s" },
        staff.headers,
      ),
      400,
      "camera_host_forbidden",
    );
  } finally {
    await ctx.close();
  }
});
