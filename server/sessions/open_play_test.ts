import assert from "node:assert/strict";
import { NO_PINS } from "../../core/pins.ts";
import type { Sheet } from "../../core/session_sheet.ts";
import type { ShotReport } from "../../core/shot_report.ts";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { testShotReport } from "../shots/test_report.ts";
import { createTestApp, TEST_INFERENCE_KEY } from "../testing.ts";
import { recordBall } from "./service.ts";
import { createOpenPlayKeeper } from "./open_play_keeper.ts";
import { OPEN_PLAY, OPEN_PLAY_BOWLER } from "./open_play.ts";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

let clock = Date.now();
/** A sure shot released now (each one a little later than the last), `standing` left after it. */
function shotNow(id: string, standing: number): ShotReport {
  clock = Math.max(clock + 10, Date.now());
  const base = testShotReport(id, { standing });
  return {
    ...base,
    events: [
      { ...base.events[0], captureTimeMs: clock },
      { ...base.events[1], captureTimeMs: clock + 4_000 },
    ],
    path: [{ ...base.path[0], captureTimeMs: clock + 100 }],
  };
}

async function postShot(app: TestApp, lane: string, report: ShotReport) {
  const res = await app.app.request(`/api/inference/lanes/${lane}/shots`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_INFERENCE_KEY}`, "content-type": "application/json" },
    body: JSON.stringify(report),
  });
  assert.equal(res.status, 201, await res.text());
  await app.outbox.drain();
}

/** The lane's open sheet as the public reads it, or null (404 `no_session`). */
async function laneSheet(app: TestApp, lane: string): Promise<Sheet | null> {
  const res = await app.app.request(`/api/lanes/${lane}/session`);
  if (res.status === 404) {
    await res.body?.cancel();
    return null;
  }
  assert.equal(res.status, 200);
  return await res.json();
}

const balls = (sheet: Sheet) => sheet.bowlers.flatMap((b) => b.frames.flatMap((f) => f.balls));

for (const kind of TEST_DB_KINDS) {
  Deno.test(`open play on ${kind}`, async (t) => {
    // Lanes "1" and "2" are simulated (the sim keeper's, SIM_SESSIONS is on), "3" is not.
    const app = await createTestApp(kind, { OPEN_PLAY: "true" });
    const { sql } = app.deps.db;
    let live = new Set(["1", "3"]);
    const keeper = createOpenPlayKeeper({
      sql,
      deps: app.deps,
      liveLanes: () => Promise.resolve(live),
      scope: { simSessions: true },
    });
    const staff = await app.as("staff", "Sam Staff");
    const post = async (path: string, body: unknown) =>
      await app.app.request(path, {
        method: "POST",
        headers: { ...staff.headers, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    try {
      await t.step(
        "the keeper opens open play on a live lane with no game, not on an offline or simulated one",
        async () => {
          assert.deepEqual(await keeper.tick(), ["3"]);
          const sheet = (await laneSheet(app, "3"))!;
          assert.equal(sheet.openPlay, true);
          assert.deepEqual(sheet.bowlers.map((b) => b.name), [OPEN_PLAY_BOWLER]);
          assert.equal(await laneSheet(app, "1"), null);
          assert.equal(await laneSheet(app, "2"), null);
          const [audit] = await sql<{ actor_id: string | null; detail: { system: string } }[]>`
            select actor_id, detail from audit_log
            where action = 'session.open' and target_id = ${sheet.id}`;
          assert.equal(audit.actor_id, null);
          assert.equal(audit.detail.system, OPEN_PLAY);
          assert.deepEqual(await keeper.tick(), [], "a second pass keeps the game");
        },
      );

      await t.step(
        "open play staff closed does not reopen until a ball is bowled, which is then its first",
        async () => {
          const open = (await laneSheet(app, "3"))!;
          const closed = await post(`/api/sessions/${open.id}/close`, undefined);
          assert.equal(closed.status, 200);
          await closed.body?.cancel();
          assert.deepEqual(await keeper.tick(), []);
          assert.deepEqual(await keeper.tick(), []);
          assert.equal(await laneSheet(app, "3"), null);
          await postShot(app, "3", shotNow("open-0001", 0b1000000000));
          const next = (await laneSheet(app, "3"))!;
          assert.notEqual(next.id, open.id);
          assert.equal(next.openPlay, true);
          const [ball] = balls(next);
          assert.equal(ball.shotId, "open-0001");
          assert.equal(ball.source, "ai");
          assert.equal(ball.provisional, false);
          assert.equal(ball.correction, null);
          assert.equal(ball.corrected, false);
        },
      );

      await t.step("a shot on a lane the sim keeper plays opens no open play", async () => {
        await postShot(app, "1", shotNow("op-sim-01", 0));
        assert.equal(await laneSheet(app, "1"), null);
      });

      await t.step("a correction's reason, time and author are on the public sheet", async () => {
        const sheet = (await laneSheet(app, "3"))!;
        const res = await post(`/api/sessions/${sheet.id}/balls/${balls(sheet)[0].id}/correction`, {
          pinsStanding: [7, 10],
          reason: "The 7 was still standing on the replay",
        });
        assert.equal(res.status, 200);
        await res.body?.cancel();
        const after = (await laneSheet(app, "3"))!;
        const [ball] = balls(after);
        assert.equal(ball.corrected, true);
        assert.equal(ball.source, "correction");
        assert.equal(ball.correction?.reason, "The 7 was still standing on the replay");
        assert.equal(ball.correction?.by, "Sam Staff");
        assert.ok(!Number.isNaN(Date.parse(ball.correction!.at)));
      });

      await t.step(
        "a ball is provisional while its shot waits for review or a market on it is held",
        async () => {
          await postShot(app, "3", shotNow("open-0002", 0));
          const sheet = (await laneSheet(app, "3"))!;
          const ball = balls(sheet).find((b) => b.shotId === "open-0002")!;
          assert.equal(ball.provisional, false);
          await sql`update shots set status = 'review', review_reason = 'unsure' where id = 'open-0002'`;
          const held = balls((await laneSheet(app, "3"))!).find((b) => b.shotId === "open-0002")!;
          assert.equal(held.provisional, true);
          await sql`
            update shots set reviewed_at = now(), review_action = 'confirm' where id = 'open-0002'`;
          const final = balls((await laneSheet(app, "3"))!).find((b) => b.shotId === "open-0002")!;
          assert.equal(final.provisional, false);
        },
      );

      await t.step(
        "staff name open play: the bowlers keep its balls, it is open play no more, audited",
        async () => {
          const sheet = (await laneSheet(app, "3"))!;
          const res = await post(`/api/sessions/${sheet.id}/claim`, {
            bowlers: [{ name: "Ada" }, { name: "Ben" }],
          });
          assert.equal(res.status, 200);
          const named: Sheet = await res.json();
          assert.equal(named.id, sheet.id);
          assert.equal(named.openPlay, false);
          assert.deepEqual(named.bowlers.map((b) => b.name), ["Ada", "Ben"]);
          assert.deepEqual(balls(named).map((b) => b.id), balls(sheet).map((b) => b.id));
          assert.equal(balls({ ...named, bowlers: [named.bowlers[1]] }).length, 0);
          const audits = await sql`
            select 1 from audit_log
            where action = 'session.claim' and target_id = ${sheet.id} and actor_id = ${staff.id}`;
          assert.equal(audits.length, 1);
          assert.deepEqual(await keeper.tick(), [], "a named game is left alone");
        },
      );

      await t.step("naming a session that is not open play is 409 not_open_play", async () => {
        const sheet = (await laneSheet(app, "3"))!;
        const res = await post(`/api/sessions/${sheet.id}/claim`, { bowlers: [{ name: "Cy" }] });
        assert.equal(res.status, 409);
        assert.equal(res.headers.get("content-type"), "application/problem+json");
        assert.equal((await res.json()).code, "not_open_play");
        const anon = await app.app.request(`/api/sessions/${sheet.id}/claim`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ bowlers: [{ name: "Cy" }] }),
        });
        assert.equal(anon.status, 401);
        await anon.body?.cancel();
      });

      await t.step("a complete open-play game is replaced by the next ball's game", async () => {
        const named = (await laneSheet(app, "3"))!;
        const closed = await post(`/api/sessions/${named.id}/close`, undefined);
        await closed.body?.cancel();
        await postShot(app, "3", shotNow("open-0003", 0));
        const game = (await laneSheet(app, "3"))!;
        assert.equal(game.openPlay, true);
        for (let i = 0; i < 11; i++) {
          await recordBall(sql, app.deps, {
            laneId: "3",
            standing: NO_PINS,
            foul: false,
            source: "ai",
          });
        }
        assert.equal((await laneSheet(app, "3"))!.complete, true);
        await postShot(app, "3", shotNow("open-0004", 0));
        const next = (await laneSheet(app, "3"))!;
        assert.notEqual(next.id, game.id);
        assert.equal(next.openPlay, true);
        assert.deepEqual(balls(next).map((b) => b.shotId), ["open-0004"]);
        const [old] = await sql<{ status: string }[]>`
          select status from bowling_sessions where id = ${game.id}`;
        assert.equal(old.status, "closed");
      });

      await t.step("a lane that went offline gets no new game from the keeper", async () => {
        const open = (await laneSheet(app, "3"))!;
        await (await post(`/api/sessions/${open.id}/close`, undefined)).body?.cancel();
        live = new Set();
        assert.deepEqual(await keeper.tick(), []);
      });
    } finally {
      await keeper.stop();
      await app.close();
    }
  });
}
