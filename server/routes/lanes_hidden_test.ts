import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { insertTestMarket } from "../markets/test_fixture.ts";
import { insertShot } from "../shots/repo.ts";
import { testShotReport } from "../shots/test_report.ts";
import { createTestApp, TEST_CAMERA_KEY } from "../testing.ts";

type Headers = Record<string, string>;

async function expectUnknown(res: Response, what: RegExp) {
  assert.equal(res.status, 404);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  const body = await res.json();
  assert.match(body.code, /^unknown_(lane|session|market|shot)$/);
  assert.match(body.detail, what);
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`hidden lanes on ${kind}`, async (t) => {
    const ctx = await createTestApp(kind);
    const { app } = ctx;
    try {
      const staff = await ctx.as("staff");
      const spectator = await ctx.as("spectator");
      const call = (method: string, path: string, headers: Headers = {}, body?: unknown) =>
        app.request(`/api${path}`, {
          method,
          headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
      const session = await (await call("POST", "/lanes/2/sessions", staff.headers, {
        bowlers: [{ name: "Tess" }],
      })).json();
      const sql = ctx.deps.db.sql;
      const marketId = await insertTestMarket(sql, {
        laneId: "2",
        sessionId: session.id,
        bowlerId: session.bowlers[0].id,
      });
      const { shot } = await insertShot(
        sql,
        "2",
        testShotReport("hidden-lane-shot"),
        "auto",
        "0".repeat(64),
      );

      await t.step(
        "PATCH /api/lanes/{id} {hidden} hides a lane, audited, as staff only",
        async () => {
          const refused = await call("PATCH", "/lanes/2", spectator.headers, { hidden: true });
          assert.equal(refused.status, 403);
          const res = await call("PATCH", "/lanes/2", staff.headers, { hidden: true });
          assert.equal(res.status, 200);
          assert.equal((await res.json()).hidden, true);
          const [row] = await ctx.deps.db.sql<{ detail: { after: { hidden: boolean } } }[]>`
          select detail from audit_log where action = 'lane.update' and target_id = '2'`;
          assert.deepEqual(row.detail.after, { hidden: true });
        },
      );

      await t.step("the public lane list leaves a hidden lane out", async () => {
        const lanes = await (await call("GET", "/lanes")).json();
        assert.deepEqual(lanes.map((l: { id: string }) => l.id), ["1", "3"]);
        const asSpectator = await (await call("GET", "/lanes", spectator.headers)).json();
        assert.deepEqual(asSpectator.map((l: { id: string }) => l.id), ["1", "3"]);
      });

      await t.step("every public address of a hidden lane is 404 unknown_lane", async () => {
        for (const headers of [{}, spectator.headers]) {
          const lane = /Cannot find lane "2"/;
          await expectUnknown(await call("GET", "/lanes/2", headers), lane);
          await expectUnknown(await call("POST", "/lanes/2/watch", headers), lane);
          await expectUnknown(await call("GET", "/lanes/2/session", headers), lane);
          await expectUnknown(await call("GET", "/lanes/2/shots", headers), lane);
          await expectUnknown(await call("GET", "/lanes/2/live", headers), lane);
          await expectUnknown(await call("GET", "/lanes/2/markets", headers), lane);
          await expectUnknown(await call("GET", "/lanes/2/calibration", headers), lane);
          await expectUnknown(await call("GET", "/lanes/2/qr", headers), lane);
          await expectUnknown(
            await call("GET", `/sessions/${session.id}`, headers),
            /Cannot find session/,
          );
          // Its markets and shots by their own ids too.
          await expectUnknown(
            await call("GET", `/markets/${marketId}`, headers),
            /Cannot find market/,
          );
          await expectUnknown(
            await call("GET", `/shots/${shot.id}/clip`, headers),
            /hidden-lane-shot/,
          );
        }
        // Staff still get them.
        assert.equal((await call("GET", `/markets/${marketId}`, staff.headers)).status, 200);
        assert.equal((await call("GET", `/shots/${shot.id}/clip`, staff.headers)).status, 200);
      });

      await t.step("staff still see a hidden lane, marked, and can watch it", async () => {
        const res = await call("GET", "/lanes/2", staff.headers);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get("cache-control"), "private, no-store");
        const lane = await res.json();
        assert.equal(lane.hidden, true);
        assert.equal(lane.game.bowlers[0].name, "Tess");
        assert.equal((await call("POST", "/lanes/2/watch", staff.headers)).status, 200);
        assert.equal((await call("GET", "/lanes/2/session", staff.headers)).status, 200);
        assert.equal((await call("GET", `/sessions/${session.id}`, staff.headers)).status, 200);
        const all = await (await call("GET", "/staff/lanes", staff.headers)).json();
        assert.deepEqual(
          all.map((l: { id: string; hidden: boolean }) => [l.id, l.hidden]),
          [["1", false], ["2", true], ["3", false]],
        );
      });

      await t.step("a camera still publishes to a hidden lane", async () => {
        await call("PATCH", "/lanes/1", staff.headers, { hidden: true });
        const res = await call("POST", "/lanes/1/publish", {
          authorization: `Bearer ${TEST_CAMERA_KEY}`,
        });
        assert.equal(res.status, 200);
        assert.match((await res.json()).whipUrl, /\/whip\/1$/);
      });

      await t.step("showing a lane again puts it back for the public", async () => {
        await call("PATCH", "/lanes/1", staff.headers, { hidden: false });
        await call("PATCH", "/lanes/2", staff.headers, { hidden: false });
        const lanes = await (await call("GET", "/lanes")).json();
        assert.deepEqual(lanes.map((l: { id: string }) => l.id), ["1", "2", "3"]);
        const lane = await (await call("GET", "/lanes/2")).json();
        assert.equal(lane.hidden, false);
      });

      await t.step("a lane can be added hidden", async () => {
        const res = await call("POST", "/lanes", staff.headers, {
          id: "test-lane",
          name: "Test lane",
          sourceKind: "whip",
          hidden: true,
        });
        assert.equal(res.status, 201);
        assert.equal((await res.json()).hidden, true);
        await expectUnknown(await call("GET", "/lanes/test-lane"), /Cannot find lane "test-lane"/);
      });
    } finally {
      await ctx.close();
    }
  });
}
