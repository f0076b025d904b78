import assert from "node:assert/strict";
import { verifyLaneToken } from "../../core/lane_token.ts";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createTestApp, TEST_INFERENCE_KEY } from "../testing.ts";
import { createLiveHub } from "../live/hub.ts";
import type { ShotReport } from "../../core/shot_report.ts";
import { testShotReport as report } from "../shots/test_report.ts";

const key = { authorization: `Bearer ${TEST_INFERENCE_KEY}` };

async function expectProblem(res: Response, status: number, detail: RegExp) {
  assert.equal(res.status, status);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  assert.match((await res.json()).detail, detail);
}

const post = (body: unknown, headers: Record<string, string> = key, lane = "1") =>
  new Request(`http://x/api/inference/lanes/${lane}/shots`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

for (const kind of TEST_DB_KINDS) {
  Deno.test(`inference routes on ${kind}`, async (t) => {
    const { app, sfu, deps, close } = await createTestApp(kind);
    try {
      await t.step(
        "every inference route refuses a missing key (401) and a wrong key (403)",
        async () => {
          await expectProblem(await app.request("/api/inference/lanes"), 401, /inference key/);
          await expectProblem(
            await app.request("/api/inference/lanes", {
              headers: { authorization: "Bearer wrong-key-wrong-key-wrong" },
            }),
            403,
            /not valid/,
          );
          await expectProblem(
            await app.request("/api/inference/lanes/1/subscribe", { method: "POST" }),
            401,
            /inference key/,
          );
          await expectProblem(
            await app.request(post(report("shot-0001"), {})),
            401,
            /inference key/,
          );
          const listed = await (await app.request("/api/lanes/1/shots")).json();
          assert.deepEqual(listed, [], "nothing stored");
        },
      );

      await t.step(
        "GET /api/inference/lanes lists lanes with live state and a version",
        async () => {
          sfu.live.set("1", { id: "1", live: true, liveSince: Date.now(), viewers: 0 });
          const res = await app.request("/api/inference/lanes", { headers: key });
          assert.equal(res.status, 200);
          assert.match(res.headers.get("content-type") ?? "", /application\/json/);
          const body = await res.json();
          assert.deepEqual(
            body.lanes.map((
              l: { id: string; live: boolean; source: string },
            ) => [l.id, l.live, l.source]),
            [
              ["1", true, "sim"],
              ["2", false, "sim"],
              ["3", false, "whip"],
            ],
          );
          assert.equal(typeof body.version, "string");
        },
      );

      await t.step(
        "GET /api/inference/lanes?since= answers as soon as a lane goes off the air",
        async () => {
          const { version } = await (await app.request("/api/inference/lanes", { headers: key }))
            .json();
          const started = Date.now();
          setTimeout(() => sfu.live.delete("1"), 300);
          const body = await (await app.request(`/api/inference/lanes?since=${version}&waitS=10`, {
            headers: key,
          })).json();
          assert.notEqual(body.version, version);
          assert.equal(body.lanes[0].live, false);
          assert.ok(Date.now() - started < 5000, "answered on the change, not at the deadline");
        },
      );

      await t.step(
        "POST /api/inference/lanes/{id}/subscribe gives a raw-subscribe token for that lane",
        async () => {
          const res = await app.request("/api/inference/lanes/2/subscribe", {
            method: "POST",
            headers: key,
          });
          assert.equal(res.status, 200);
          const body = await res.json();
          await verifyLaneToken(deps.keys.publicKey, body.token, {
            lane: "2",
            right: "lane:subscribe-raw",
          });
          assert.equal(body.signalingUrl, `ws://127.0.0.1:8001/ws/2?token=${body.token}`);
          await expectProblem(
            await app.request("/api/inference/lanes/99/subscribe", {
              method: "POST",
              headers: key,
            }),
            404,
            /lane "99"/,
          );
        },
      );

      await t.step(
        "POST /api/inference/lanes/{id}/shots stores a shot once and lists it publicly",
        async () => {
          const res = await app.request(post(report("shot-0001")));
          assert.equal(res.status, 201);
          assert.match(res.headers.get("content-type") ?? "", /application\/json/);
          const body = await res.json();
          assert.equal(body.created, true);
          assert.equal(body.shot.status, "auto");
          assert.equal(body.shot.standing, 512);
          const again = await app.request(post(report("shot-0001")));
          assert.equal(again.status, 200, "a retry of the same report is answered as stored");
          assert.deepEqual(await again.json(), { ...body, created: false });
          await expectProblem(
            await app.request(post(report("shot-0001", { standing: 0 }))),
            409,
            /other content/,
          );
          const list = await (await app.request("/api/lanes/1/shots?limit=5")).json();
          assert.equal(list.length, 1);
          assert.equal(list[0].metrics.launchSpeedMph, 17.2);
          assert.deepEqual(list[0].path, report("x").path);
          await expectProblem(
            await app.request(post(report("shot-0001"), key, "2")),
            409,
            /lane "1"/,
          );
        },
      );

      await t.step("an unsure pin state is stored for review", async () => {
        const res = await app.request(post(report("shot-0002", { pinConfidence: 0.9 })));
        assert.equal(res.status, 201);
        assert.equal((await res.json()).shot.status, "review");
      });

      await t.step(
        "a sure foul settles; an unsure foul line or an unjudged one waits for review",
        async () => {
          const cases: [string, Partial<ShotReport>, string][] = [
            ["shot-foul-01", { foul: true, foulConfidence: 0.999 }, "auto"],
            ["shot-foul-02", { foulConfidence: 0.9 }, "review"],
            ["shot-foul-03", { foul: true, foulConfidence: 0.6 }, "review"],
            [
              "shot-foul-04",
              { foulConfidence: null, models: { ball: "b@1", pins: "p@1" } },
              "review",
            ],
          ];
          for (const [id, over, status] of cases) {
            const res = await app.request(post(report(id, over)));
            assert.equal(res.status, 201);
            const { shot } = await res.json();
            assert.equal(shot.status, status, id);
            assert.equal(shot.foul, over.foul ?? false);
            assert.equal(shot.foulConfidence, over.foulConfidence);
          }
          const all = await (await app.request("/api/lanes/1/shots?limit=10")).json();
          const unjudged = all.find((s: { id: string }) => s.id === "shot-foul-04");
          assert.equal(unjudged.models.foul, undefined, "no foul model named when none judged");
          assert.equal(
            all.find((s: { id: string }) => s.id === "shot-0001").models.foul,
            "foul-test@1",
          );
        },
      );

      await t.step("bad shot reports are 400 problems and store nothing", async () => {
        const bad: unknown[] = [
          { ...report("shot-0003"), extra: 1 },
          report("shot-0003", { standing: 1024 }),
          report("shot-0003", { pinProbabilities: [0.5] }),
          report("shot-0003", { events: [] }),
          { ...report("x"), id: "bad id with spaces" },
          report("shot-0003", {
            path: Array.from({ length: 401 }, () => ({ captureTimeMs: 1, board: 1, ft: 1 })),
          }),
        ];
        for (const body of bad) {
          const res = await app.request(post(body));
          assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
          assert.equal(res.headers.get("content-type"), "application/problem+json");
        }
        const list = await (await app.request("/api/lanes/1/shots")).json();
        assert.equal(list.length, 6);
        await expectProblem(await app.request("/api/lanes/99/shots"), 404, /lane "99"/);
        await expectProblem(await app.request("/api/lanes/1/shots?limit=1000"), 400, /limit/);
      });
    } finally {
      await close();
    }
  });
}

Deno.test("a new shot is published on the lane's live hub as a `shot` event", async () => {
  const { deps, close } = await createTestApp("pglite");
  try {
    const { inferenceRoutes } = await import("./inference.ts");
    const live = createLiveHub();
    const seen: { type: string; data: unknown }[] = [];
    live.subscribe("2", (e) => seen.push(e));
    const api = inferenceRoutes(deps, { publish: live.publish });
    const res = await api.request("/inference/lanes/2/shots", {
      method: "POST",
      headers: { ...key, "content-type": "application/json" },
      body: JSON.stringify(report("shot-live-1")),
    });
    assert.equal(res.status, 201);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].type, "shot");
    assert.equal((seen[0].data as { id: string }).id, "shot-live-1");
  } finally {
    await close();
  }
});
