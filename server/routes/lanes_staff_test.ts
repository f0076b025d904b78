import assert from "node:assert/strict";
import { type CalibrationPoints, simCalibrationPoints } from "../../core/calibration.ts";
import { verifyLaneToken } from "../../core/lane_token.ts";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { startCameraSync } from "../lanes/camera_sync.ts";
import { lanePath, renderQr, siteLink } from "../lanes/qr.ts";
import type { SfuLaneClient } from "../sfu_client.ts";
import { createTestApp, TEST_CAMERA_KEY } from "../testing.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;
type Headers = Record<string, string>;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A request with a JSON body (objects are serialised; strings are sent as they are). */
function call(
  app: App["app"],
  method: string,
  path: string,
  body?: unknown,
  headers: Headers = {},
) {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    (init.headers as Headers)["content-type"] ??= "application/json";
  }
  return app.request(`http://alley.local${path}`, init);
}

async function expectJson(res: Response, status: number) {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  return JSON.parse(text);
}

async function expectProblem(res: Response, status: number, code?: string | RegExp) {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  const body = JSON.parse(text);
  assert.equal(body.status, status);
  if (typeof code === "string") assert.equal(body.code, code, body.detail);
  else if (code) assert.match(body.detail, code);
  return body;
}

/** Every lane row and the audit row count: compared before and after refused requests. */
async function snapshot(sql: App["deps"]["db"]["sql"]) {
  const lanes = await sql`select * from lanes order by id`;
  const [{ n }] = await sql<{ n: string }[]>`select count(*)::text as n from audit_log`;
  return { lanes: JSON.stringify(lanes), audits: Number(n) };
}

/** Clicks for lane 3's (made-up) camera: the simulator's camera, shifted and at 1280×720. */
function lane3Points(): CalibrationPoints {
  const p = simCalibrationPoints(1280, 720);
  const shift = ({ u, v }: { u: number; v: number }) => ({ u: u + 12, v: v - 8 });
  return {
    ...p,
    foulLine: { left: shift(p.foulLine.left), right: shift(p.foulLine.right) },
    arrows: p.arrows.map((a) => ({ ...a, ...shift(a) })),
    pins: p.pins.filter((x) => [1, 2, 3, 7, 10].includes(x.pin)).map((x) => ({
      ...x,
      ...shift(x),
    })),
  };
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`lane administration on ${kind}`, async (t) => {
    const ctx = await createTestApp(kind);
    const { app, deps, sfu } = ctx;
    const sql = deps.db.sql;
    const staff = await ctx.as("staff");
    const admin = await ctx.as("admin");
    const spectator = await ctx.as("spectator");
    const bettor = await ctx.as("bettor");
    const audits = async (action: string) =>
      await sql<
        {
          actor_id: string;
          target_id: string;
          detail: Record<string, unknown>;
          request_id: string;
        }[]
      >`
        select actor_id, target_id, detail, request_id from audit_log where action = ${action} order by id`;

    try {
      await t.step(
        "staff routes answer 401 without a token and 403 to spectators and bettors",
        async () => {
          const before = await snapshot(sql);
          const routes: [string, string, unknown?][] = [
            ["GET", "/api/staff/lanes"],
            ["POST", "/api/lanes", { name: "Lane 9", sourceKind: "whip" }],
            ["PATCH", "/api/lanes/1", { name: "Renamed" }],
            ["POST", "/api/lanes/1/camera-key"],
            ["DELETE", "/api/lanes/1/camera-key"],
            ["PUT", "/api/lanes/1/calibration", simCalibrationPoints()],
            ["DELETE", "/api/lanes/1/calibration"],
          ];
          for (const [method, path, body] of routes) {
            await expectProblem(await call(app, method, path, body), 401, "unauthenticated");
            await expectProblem(
              await call(app, method, path, body, { authorization: "Bearer a.b.c" }),
              401,
              "invalid_token",
            );
            await expectProblem(
              await call(app, method, path, body, spectator.headers),
              403,
              "forbidden",
            );
            await expectProblem(
              await call(app, method, path, body, bettor.headers),
              403,
              "forbidden",
            );
            // Even a malformed body is refused for the role first.
            if (method !== "GET") {
              await expectProblem(
                await call(app, method, path, "{not json", bettor.headers),
                403,
                "forbidden",
              );
            }
          }
          assert.deepEqual(await snapshot(sql), before, "nothing changed");
        },
      );

      await t.step(
        "GET /api/staff/lanes lists every lane with camera health and calibration, never a key",
        async () => {
          await sql`update lanes set camera_key_hash = 'sha256:00', enabled = false where id = '2'`;
          sfu.live.set("1", {
            id: "1",
            live: true,
            liveSince: 1_700_000_000_000,
            viewers: 4,
            video: { bitrate: 812_000, score: 10, lastKeyFrameAt: 1_700_000_001_000 },
          });
          const res = await call(app, "GET", "/api/staff/lanes", undefined, staff.headers);
          const lanes = await expectJson(res, 200);
          assert.deepEqual(lanes.map((l: { id: string; enabled: boolean }) => [l.id, l.enabled]), [
            ["1", true],
            ["2", false],
            ["3", true],
          ]);
          assert.match(
            lanes[2].whipUrl,
            /^http:\/\/[^/]+:8001\/whip\/3$/,
            "where a camera publishes",
          );
          assert.deepEqual(lanes[0].camera, {
            sfu: "up",
            live: true,
            liveSince: 1_700_000_000_000,
            viewers: 4,
            bitrate: 812_000,
            score: 10,
            lastKeyFrameAt: 1_700_000_001_000,
          });
          assert.equal(lanes[0].calibration.calibrated, true);
          assert.equal(lanes[0].calibration.source, "sim-default");
          assert.equal(lanes[0].calibration.points, 19);
          assert.deepEqual(lanes[2].calibration, {
            calibrated: false,
            source: null,
            rmsPx: null,
            points: 0,
            width: null,
            height: null,
          });
          assert.equal(lanes[1].hasCameraKey, true);
          assert.equal(lanes[0].hasCameraKey, false);
          assert.doesNotMatch(JSON.stringify(lanes), /sha256|cameraKeyHash/);
          // The admin sees the same; with the SFU down, nothing is live.
          sfu.up = false;
          const down = await expectJson(
            await call(app, "GET", "/api/staff/lanes", undefined, admin.headers),
            200,
          );
          assert.equal(down[0].camera.sfu, "down");
          assert.equal(down[0].camera.live, false);
          sfu.up = true;
          await sql`update lanes set camera_key_hash = null, enabled = true where id = '2'`;
        },
      );

      await t.step(
        "GET /api/lanes/{id} is public and says whether the lane is calibrated",
        async () => {
          const one = await expectJson(await call(app, "GET", "/api/lanes/1"), 200);
          assert.deepEqual(one, {
            id: "1",
            name: "Lane 1",
            live: true,
            viewers: 4,
            source: "sim",
            game: null,
            enabled: true,
            hidden: false,
            calibrated: true,
          });
          const three = await expectJson(await call(app, "GET", "/api/lanes/3"), 200);
          assert.equal(three.calibrated, false);
          await expectProblem(
            await call(app, "GET", "/api/lanes/99"),
            404,
            /Cannot find lane "99"/,
          );
          await expectProblem(await call(app, "GET", "/api/lanes/Bad%20Slug"), 404, "unknown_lane");
        },
      );

      await t.step(
        "POST /api/lanes adds a lane with the next free number, audited in the same change",
        async () => {
          const res = await call(
            app,
            "POST",
            "/api/lanes",
            { name: "Lane 4", sourceKind: "whip" },
            staff.headers,
          );
          const lane = await expectJson(res, 201);
          assert.equal(lane.id, "4");
          assert.equal(lane.sortOrder, 4);
          assert.equal(lane.enabled, true);
          assert.equal(lane.source, "whip");
          const named = await expectJson(
            await call(app, "POST", "/api/lanes", {
              id: "pro-shop",
              name: "Pro shop",
              sourceKind: "rtsp",
              sourceUrl: "rtsp://admin:hunter22@10.0.0.9:554/h264?codec=h264",
              enabled: false,
            }, admin.headers),
            201,
          );
          assert.equal(named.id, "pro-shop");
          assert.equal(named.sourceUrl, "rtsp://[redacted]@10.0.0.9:554/h264?codec=h264");
          const [row] = await sql`select source_url from lanes where id = 'pro-shop'`;
          assert.equal(
            row.source_url,
            "rtsp://admin:hunter22@10.0.0.9:554/h264?codec=h264",
            "stored in full",
          );
          const next = await expectJson(
            await call(
              app,
              "POST",
              "/api/lanes",
              { name: "Five", sourceKind: "browser" },
              staff.headers,
            ),
            201,
          );
          assert.equal(next.id, "5");
          const created = await audits("lane.create");
          assert.deepEqual(created.map((a) => [a.target_id, a.actor_id]), [["4", staff.id], [
            "pro-shop",
            admin.id,
          ], ["5", staff.id]]);
          assert.equal(
            created[1].detail.sourceUrl,
            "rtsp://[redacted]@10.0.0.9:554/h264?codec=h264",
          );
          assert.doesNotMatch(JSON.stringify(created), /hunter22/);
          assert.ok(created[0].request_id, "the request id is recorded");
        },
      );

      await t.step("POST /api/lanes with a taken id is a 409 and audits nothing", async () => {
        const before = await snapshot(sql);
        await expectProblem(
          await call(
            app,
            "POST",
            "/api/lanes",
            { id: "4", name: "Again", sourceKind: "sim" },
            staff.headers,
          ),
          409,
          "lane_exists",
        );
        assert.deepEqual(await snapshot(sql), before);
      });

      await t.step(
        "POST /api/lanes refuses bad input with a problem and stores nothing",
        async () => {
          const before = await snapshot(sql);
          const bad: [unknown, number, string?][] = [
            ["{not json", 400],
            ["", 400],
            ["[]", 400],
            ["null", 400],
            [{ name: 5, sourceKind: "whip" }, 400],
            [{ name: "X", sourceKind: "hdmi" }, 400],
            [{ name: "X" }, 400],
            [{ name: "X", sourceKind: "whip", colour: "red" }, 400],
            [{ name: "X", sourceKind: "whip", enabled: "yes" }, 400],
            [{ name: "X", sourceKind: "whip", sortOrder: 1.5 }, 400],
            [{ name: "X", sourceKind: "whip", sortOrder: -1 }, 400],
            [{ name: "", sourceKind: "whip" }, 400],
            [{ name: "   ", sourceKind: "whip" }, 400],
            [{ name: "x".repeat(101), sourceKind: "whip" }, 400],
            [{ name: "Nul\u0000byte", sourceKind: "whip" }, 400],
            [{ name: "Line\nbreak", sourceKind: "whip" }, 400],
            [{ id: "Lane 1", name: "X", sourceKind: "whip" }, 400],
            [{ id: "UPPER", name: "X", sourceKind: "whip" }, 400],
            [{ id: "-dash", name: "X", sourceKind: "whip" }, 400],
            [{ id: "../etc", name: "X", sourceKind: "whip" }, 400],
            [{ id: "1'; drop table lanes;--", name: "X", sourceKind: "whip" }, 400],
            [{ id: "a".repeat(33), name: "X", sourceKind: "whip" }, 400],
            [{ id: 7, name: "X", sourceKind: "whip" }, 400],
            [{ name: "X", sourceKind: "rtsp" }, 400, "source_url_required"],
            [
              { name: "X", sourceKind: "whip", sourceUrl: "rtsp://cam/1" },
              400,
              "source_url_unexpected",
            ],
            [{ name: "X", sourceKind: "rtsp", sourceUrl: "file:///etc/passwd" }, 400],
            [{ name: "X", sourceKind: "rtsp", sourceUrl: "concat:rtsp://a|rtsp://b" }, 400],
            [{ name: "X", sourceKind: "rtsp", sourceUrl: "crypto+rtsp://cam/1" }, 400],
            [{ name: "X", sourceKind: "rtsp", sourceUrl: "-i /etc/passwd" }, 400],
            [{ name: "X", sourceKind: "rtsp", sourceUrl: "rtsp://cam/1 -f null" }, 400],
            [{ name: "X", sourceKind: "rtsp", sourceUrl: "rtsp://cam/1;$(reboot)`id`" }, 400],
            [{ name: "X", sourceKind: "rtsp", sourceUrl: `rtsp://cam/${"a".repeat(1100)}` }, 400],
          ];
          for (const [body, status, code] of bad) {
            const problem = await expectProblem(
              await call(app, "POST", "/api/lanes", body, staff.headers),
              status,
              code,
            );
            assert.ok(problem.detail.length > 0, JSON.stringify(body));
          }
          await expectProblem(
            await call(app, "POST", "/api/lanes", "name=X", {
              ...staff.headers,
              "content-type": "application/x-www-form-urlencoded",
            }),
            415,
          );
          await expectProblem(
            await call(
              app,
              "POST",
              "/api/lanes",
              JSON.stringify({ name: "x".repeat(100_000), sourceKind: "whip" }),
              staff.headers,
            ),
            413,
            "too_large",
          );
          assert.deepEqual(await snapshot(sql), before, "nothing stored, nothing audited");
        },
      );

      await t.step("names with SQL metacharacters are stored verbatim", async () => {
        const names = ["Robert'); drop table lanes;--", "50% off \\ _ * ' \" ; --", "Lane ünï 🎳"];
        for (const name of names) {
          const lane = await expectJson(
            await call(app, "POST", "/api/lanes", { name, sourceKind: "sim" }, staff.headers),
            201,
          );
          assert.equal(lane.name, name);
          assert.equal(
            (await expectJson(await call(app, "GET", `/api/lanes/${lane.id}`), 200)).name,
            name,
          );
        }
        const [{ n }] = await sql`select count(*)::int as n from lanes`;
        assert.equal(n, 9);
      });

      await t.step(
        "PATCH /api/lanes/{id} renames, disables and reorders, audited with before and after",
        async () => {
          const lane = await expectJson(
            await call(app, "PATCH", "/api/lanes/2", {
              name: "Lane Two",
              enabled: false,
              sortOrder: 90,
            }, staff.headers),
            200,
          );
          assert.equal(lane.name, "Lane Two");
          assert.equal(lane.enabled, false);
          assert.equal(lane.sortOrder, 90);
          const listed = await expectJson(await call(app, "GET", "/api/lanes"), 200);
          assert.ok(
            !listed.some((l: { id: string }) => l.id === "2"),
            "disabled lanes are not listed",
          );
          assert.equal(
            (await expectJson(await call(app, "GET", "/api/lanes/2"), 200)).enabled,
            false,
          );
          await expectProblem(await call(app, "POST", "/api/lanes/2/watch"), 409, "lane_disabled");
          const [entry] = await audits("lane.update");
          assert.equal(entry.actor_id, staff.id);
          assert.deepEqual(entry.detail, {
            before: { name: "Lane 2", enabled: true, sortOrder: 2 },
            after: { name: "Lane Two", enabled: false, sortOrder: 90 },
          });
          await expectJson(
            await call(
              app,
              "PATCH",
              "/api/lanes/2",
              { enabled: true, sortOrder: 2 },
              staff.headers,
            ),
            200,
          );
          assert.equal(
            (await expectJson(await call(app, "POST", "/api/lanes/2/watch"), 200)).whepUrl,
            "http://alley.local:8001/whep/2",
          );
        },
      );

      await t.step(
        "PATCH /api/lanes/{id} sets a camera source and the SFU follows at once",
        async () => {
          const pulls: [string, string | null][] = [];
          const recording: SfuLaneClient = {
            lanes: () => sfu.lanes(),
            health: () => sfu.health(),
            setPublishEpoch: () => Promise.resolve(),
            setPull: (lane, _token, source) => {
              pulls.push([lane, source?.url ?? null]);
              return Promise.resolve();
            },
          };
          const sync = startCameraSync({
            sql,
            sfu: recording,
            keys: deps.keys,
            intervalMs: 3_600_000,
          });
          await sync.syncNow();
          pulls.length = 0;
          deps.cameras = sync;
          try {
            const url = "rtsps://viewer:s3cret@cam-3.local:322/live";
            const lane = await expectJson(
              await call(
                app,
                "PATCH",
                "/api/lanes/3",
                { sourceKind: "rtsp", sourceUrl: url },
                staff.headers,
              ),
              200,
            );
            assert.equal(lane.source, "rtsp");
            assert.equal(lane.sourceUrl, "rtsps://[redacted]@cam-3.local:322/live");
            assert.deepEqual(pulls, [["3", url]], "pulled before the answer");
            for (
              const other of [
                "rtsp://cam-3.local:554/sub",
                "https://cam-3.local/live.mjpg",
                "http://cam-3.local/mjpeg",
              ]
            ) {
              await expectJson(
                await call(app, "PATCH", "/api/lanes/3", { sourceUrl: other }, staff.headers),
                200,
              );
            }
            pulls.length = 0;
            const back = await expectJson(
              await call(app, "PATCH", "/api/lanes/3", { sourceKind: "whip" }, staff.headers),
              200,
            );
            assert.equal(back.sourceUrl, null, "a new kind drops the URL");
            assert.deepEqual(pulls, [["3", null]], "the pull stops at once");
            const updates = await audits("lane.update");
            assert.doesNotMatch(JSON.stringify(updates), /s3cret/);
            assert.deepEqual(updates.at(-1)!.detail, {
              before: { sourceKind: "rtsp", sourceUrl: "http://cam-3.local/mjpeg" },
              after: { sourceKind: "whip", sourceUrl: null },
            });
          } finally {
            sync.stop();
            delete deps.cameras;
          }
        },
      );

      await t.step(
        "PATCH /api/lanes/{id} refuses bad input with a problem and changes nothing",
        async () => {
          const before = await snapshot(sql);
          await expectProblem(
            await call(app, "PATCH", "/api/lanes/99", { name: "X" }, staff.headers),
            404,
            "unknown_lane",
          );
          await expectProblem(
            await call(app, "PATCH", "/api/lanes/NOPE", { name: "X" }, staff.headers),
            404,
            "unknown_lane",
          );
          const bad: [unknown, string?][] = [
            [{}, "invalid_request"],
            ["{"],
            [{ name: null }],
            [{ enabled: "false" }],
            [{ enabled: 1 }],
            [{ sortOrder: "3" }],
            [{ sourceKind: "rtsp" }, "source_url_required"],
            [{ sourceUrl: "rtsp://cam/1" }, "source_url_unexpected"],
            [{ sourceKind: "rtsp", sourceUrl: "pipe:0" }],
            [{ sourceKind: "rtsp", sourceUrl: "rtsp://cam/\u0007" }],
            [{ sourceKind: "rtsp", sourceUrl: "rtsp:///no-host" }],
            [{ id: "77" }],
            [{ cameraKeyHash: "sha256:00" }],
            [{ calibration: {} }],
          ];
          for (const [body, code] of bad) {
            await expectProblem(
              await call(app, "PATCH", "/api/lanes/3", body, staff.headers),
              400,
              code,
            );
          }
          assert.deepEqual(await snapshot(sql), before);
        },
      );

      await t.step(
        "a lane's camera key is shown once, stored as a hash, and lets that camera publish",
        async () => {
          const res = await call(app, "POST", "/api/lanes/3/camera-key", undefined, staff.headers);
          const { laneId, cameraKey } = await expectJson(res, 200);
          assert.equal(res.headers.get("cache-control"), "no-store");
          assert.equal(laneId, "3");
          assert.match(cameraKey, /^lck_[\w-]{43}$/);
          const [row] = await sql`select camera_key_hash from lanes where id = '3'`;
          assert.match(row.camera_key_hash, /^sha256:[0-9a-f]{64}$/);
          assert.ok(!row.camera_key_hash.includes(cameraKey));
          const publish = (lane: string, headers: Headers) =>
            call(app, "POST", `/api/lanes/${lane}/publish`, undefined, headers);
          const ok = await expectJson(
            await publish("3", { authorization: `Bearer ${cameraKey}` }),
            200,
          );
          assert.equal(ok.whipUrl, "http://alley.local:8001/whip/3");
          const claims = await verifyLaneToken(deps.keys.publicKey, ok.token, {
            lane: "3",
            right: "lane:publish",
          });
          assert.equal(claims.sub, "camera:lane");
          await expectProblem(
            await publish("1", { authorization: `Bearer ${cameraKey}` }),
            403,
            "camera_key_wrong",
          );

          const { cameraKey: second } = await expectJson(
            await call(app, "POST", "/api/lanes/3/camera-key", undefined, admin.headers),
            200,
          );
          assert.notEqual(second, cameraKey);
          await expectProblem(
            await publish("3", { authorization: `Bearer ${cameraKey}` }),
            403,
            "camera_key_wrong",
          );
          await expectJson(await publish("3", { authorization: `Bearer ${second}` }), 200);
          const rotations = await audits("lane.camera_key.rotate");
          const epoch = rotations[0].detail.publishEpoch as number;
          assert.deepEqual(rotations.map((a) => [a.actor_id, a.detail]), [[staff.id, {
            replaced: false,
            publishEpoch: epoch,
          }], [admin.id, { replaced: true, publishEpoch: epoch + 1 }]]);
          assert.doesNotMatch(
            JSON.stringify(await sql`select * from audit_log`),
            new RegExp(second),
          );

          const response = await call(
            app,
            "DELETE",
            "/api/lanes/3/camera-key",
            undefined,
            staff.headers,
          );
          assert.equal(response.status, 204);
          await expectProblem(
            await publish("3", { authorization: `Bearer ${second}` }),
            403,
            "camera_key_wrong",
          );
          assert.equal((await audits("lane.camera_key.revoke")).length, 1);
          await expectProblem(
            await call(app, "POST", "/api/lanes/99/camera-key", undefined, staff.headers),
            404,
            "unknown_lane",
          );
        },
      );

      await t.step(
        "publishing takes a staff token or the global key, and nothing else",
        async () => {
          const publish = (headers: Headers) =>
            call(app, "POST", "/api/lanes/1/publish", undefined, headers);
          const asStaff = await expectJson(await publish(staff.headers), 200);
          const claims = await verifyLaneToken(deps.keys.publicKey, asStaff.token, {
            lane: "1",
            right: "lane:publish",
          });
          assert.equal(claims.sub, `staff:${staff.id}`);
          await expectJson(await publish(admin.headers), 200);
          await expectJson(await publish({ authorization: `Bearer ${TEST_CAMERA_KEY}` }), 200);
          await expectProblem(await publish(spectator.headers), 403, "forbidden");
          await expectProblem(await publish(bettor.headers), 403, "forbidden");
          await expectProblem(await publish({}), 401, "camera_key_required");
          await expectProblem(
            await publish({ authorization: "Basic abc" }),
            401,
            "camera_key_required",
          );
          await expectProblem(
            await publish({ authorization: "Bearer x.y.z" }),
            401,
            "invalid_token",
          );
          await expectProblem(
            await publish({ authorization: `Bearer ${TEST_CAMERA_KEY}x` }),
            403,
            "camera_key_wrong",
          );
          await expectProblem(
            await publish({ authorization: "Bearer sha256:00" }),
            403,
            "camera_key_wrong",
          );
          await expectProblem(
            await call(app, "POST", "/api/lanes/99/publish", undefined, staff.headers),
            404,
            "unknown_lane",
          );
        },
      );

      await t.step(
        "calibration: sim lanes are calibrated out of the box, staff calibrate the others",
        async () => {
          const sim = await expectJson(await call(app, "GET", "/api/lanes/1/calibration"), 200);
          assert.equal(sim.source, "sim-default");
          assert.equal(sim.points.width, 640);
          assert.ok(sim.fit.rmsPx < 0.05);
          assert.equal(sim.fit.laneToImage.length, 9);
          await expectProblem(
            await call(app, "GET", "/api/lanes/3/calibration"),
            404,
            "not_calibrated",
          );

          const points = lane3Points();
          const saved = await expectJson(
            await call(app, "PUT", "/api/lanes/3/calibration", points, staff.headers),
            200,
          );
          assert.equal(saved.source, "stored");
          assert.deepEqual(saved.points, points);
          assert.ok(saved.fit.rmsPx < 0.05);
          assert.deepEqual(
            saved.fit.points.map((p: { label: string }) => p.label),
            [
              "foul-line-left",
              "foul-line-right",
              ...[5, 10, 15, 20, 25, 30, 35].map((b) => `arrow-${b}`),
              ...[1, 2, 3, 7, 10].map((p) => `pin-${p}`),
            ],
          );
          const read = await expectJson(await call(app, "GET", "/api/lanes/3/calibration"), 200);
          assert.deepEqual(read, saved);
          assert.equal(
            (await expectJson(await call(app, "GET", "/api/lanes/3"), 200)).calibrated,
            true,
          );
          const [entry] = await audits("lane.calibrate");
          assert.equal(entry.actor_id, staff.id);
          assert.equal(entry.detail.points, 14);
          assert.equal(entry.detail.replaced, false);
          const staffView = await expectJson(
            await call(app, "GET", "/api/staff/lanes", undefined, staff.headers),
            200,
          );
          const three = staffView.find((l: { id: string }) => l.id === "3");
          assert.equal(three.calibration.source, "stored");
          assert.equal(three.calibration.width, 1280);

          // A stored calibration wins over the simulator's; forgetting it falls back.
          await expectJson(
            await call(app, "PUT", "/api/lanes/1/calibration", lane3Points(), staff.headers),
            200,
          );
          assert.equal(
            (await expectJson(await call(app, "GET", "/api/lanes/1/calibration"), 200)).source,
            "stored",
          );
          assert.equal(
            (await call(app, "DELETE", "/api/lanes/1/calibration", undefined, staff.headers))
              .status,
            204,
          );
          assert.equal(
            (await expectJson(await call(app, "GET", "/api/lanes/1/calibration"), 200)).source,
            "sim-default",
          );
          assert.equal((await audits("lane.calibration.clear")).length, 1);
        },
      );

      await t.step(
        "calibration refuses bad and degenerate points with a problem and stores nothing",
        async () => {
          const before = await snapshot(sql);
          const good = lane3Points();
          const put = (body: unknown) =>
            call(app, "PUT", "/api/lanes/4/calibration", body, staff.headers);
          const shape: unknown[] = [
            "{",
            "[]",
            { ...good, width: "1280" },
            { ...good, width: 1280.5 },
            { ...good, height: 0 },
            { ...good, extra: true },
            { ...good, arrows: [...good.arrows.slice(0, 6), { board: 12, u: 1, v: 1 }] },
            { ...good, pins: [...good.pins, { pin: 11, u: 1, v: 1 }] },
            { ...good, pins: [{ ...good.pins[0], u: null }, ...good.pins.slice(1)] },
            { ...good, foulLine: { left: good.foulLine.left } },
            {
              ...good,
              pins: Array.from({ length: 11 }, (_, i) => ({ pin: (i % 10) + 1, u: i, v: i })),
            },
          ];
          for (const body of shape) {
            await expectProblem(
              await put(body),
              400,
              typeof body === "string" ? undefined : "invalid_request",
            );
          }

          const withPins = (pins: CalibrationPoints["pins"]) => ({ ...good, pins });
          const degenerate: [unknown, string][] = [
            [withPins(good.pins.filter((p) => p.pin !== 7)), "calibration_missing_points"],
            [
              { ...good, arrows: good.arrows.filter((a) => a.board !== 20) },
              "calibration_missing_points",
            ],
            [
              withPins([...good.pins, { ...good.pins[0], u: good.pins[0].u + 5 }]),
              "calibration_duplicate_point",
            ],
            [
              withPins(good.pins.map((p) => (p.pin === 10 ? { ...p, u: 1281 } : p))),
              "calibration_point_outside",
            ],
            [{
              ...good,
              foulLine: { left: { u: 10, v: 10 }, right: { u: 20, v: 20 } },
              arrows: good.arrows.map((a, i) => ({ ...a, u: 30 + 10 * i, v: 30 + 10 * i })),
              pins: good.pins.map((p, i) => ({ ...p, u: 200 + 10 * i, v: 200 + 10 * i })),
            }, "calibration_collinear"],
            [
              { ...good, foulLine: { left: good.foulLine.right, right: good.foulLine.left } },
              "calibration_poor_fit",
            ],
          ];
          for (const [body, code] of degenerate) {
            const problem = await expectProblem(await put(body), 422, code);
            assert.match(problem.type, new RegExp(code));
          }
          await expectProblem(
            await call(app, "PUT", "/api/lanes/99/calibration", good, staff.headers),
            404,
            "unknown_lane",
          );
          assert.deepEqual(await snapshot(sql), before, "nothing stored, nothing audited");
        },
      );

      await t.step(
        "GET /api/lanes/{id}/qr without a code is an SVG or PNG QR code of the lane's page",
        async () => {
          const svg = await call(app, "GET", "/api/lanes/3/qr");
          assert.equal(svg.status, 200);
          assert.equal(svg.headers.get("content-type"), "image/svg+xml");
          const text = await svg.text();
          assert.match(
            text,
            /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="512" height="512"/,
          );
          assert.match(text, /<\/svg>\s*$/);
          const expected = await renderQr(
            siteLink("http://alley.local", lanePath("3")),
            "svg",
            512,
          );
          assert.equal(
            text,
            new TextDecoder().decode(expected),
            "encodes http://alley.local/lanes/3, no check-in address",
          );

          const png = await call(app, "GET", "/api/lanes/3/qr?format=png&size=256");
          assert.equal(png.status, 200);
          assert.equal(png.headers.get("content-type"), "image/png");
          const bytes = new Uint8Array(await png.arrayBuffer());
          assert.deepEqual([...bytes.slice(0, 8)], PNG_SIGNATURE);
          const width = new DataView(bytes.buffer).getUint32(16);
          assert.ok(width > 200 && width <= 256, `PNG is ${width} px wide`);

          for (const query of ["size=10", "size=5000", "size=abc", "format=gif"]) {
            await expectProblem(
              await call(app, "GET", `/api/lanes/3/qr?${query}`),
              400,
              "invalid_request",
            );
          }
          await expectProblem(await call(app, "GET", "/api/lanes/99/qr"), 404, "unknown_lane");
        },
      );

      await t.step("the OpenAPI document lists the lane routes with their roles", async () => {
        const doc = await expectJson(await call(app, "GET", "/api/openapi.json"), 200);
        assert.deepEqual(doc.paths["/staff/lanes"].get["x-roles"], ["staff", "admin"]);
        assert.deepEqual(doc.paths["/lanes"].post["x-roles"], ["staff", "admin"]);
        assert.deepEqual(doc.paths["/lanes"].get["x-roles"], ["public"]);
        assert.deepEqual(doc.paths["/lanes/{id}/calibration"].put["x-roles"], ["staff", "admin"]);
        assert.deepEqual(doc.paths["/lanes/{id}/qr"].get["x-roles"], ["public"]);
        assert.ok(doc.paths["/lanes/{id}"].patch);
        assert.ok(doc.paths["/lanes/{id}/camera-key"].post);
        assert.ok(doc.components.schemas.CalibrationPoints);
      });
    } finally {
      await ctx.close();
    }
  });
}

Deno.test("the QR code uses PUBLIC_URL when it is set", async () => {
  const ctx = await createTestApp("pglite", { PUBLIC_URL: "https://bowl.example.com/" });
  try {
    const res = await ctx.app.request("http://10.0.0.5:8000/api/lanes/2/qr?size=128");
    assert.equal(res.status, 200);
    const expected = await renderQr("https://bowl.example.com/lanes/2", "svg", 128);
    assert.equal(await res.text(), new TextDecoder().decode(expected));
  } finally {
    await ctx.close();
  }
});
