import assert from "node:assert/strict";
import type { ShotReport } from "../../core/shot_report.ts";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createTestApp, TEST_INFERENCE_KEY } from "../testing.ts";
import { testShotReport } from "./test_report.ts";

/** A sure shot that knocks down all ten pins unless `over` says otherwise. */
const sureShot = (id: string, over: Partial<ShotReport> = {}) =>
  testShotReport(id, { standing: 0, ...over });

for (const kind of TEST_DB_KINDS) {
  Deno.test(`shot.score on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const { sql } = app.deps.db;
    const postShot = async (report: ShotReport, lane = "1") => {
      const res = await app.app.request(`/api/inference/lanes/${lane}/shots`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${TEST_INFERENCE_KEY}`,
          "content-type": "application/json",
        },
        body: JSON.stringify(report),
      });
      const body = await res.json();
      // Whatever must follow the stored shot runs now (the server's consumer would, at once).
      await app.outbox?.drain();
      return { status: res.status, body };
    };
    const balls = async (shotId: string) => {
      const [{ n }] = await sql<{ n: number }[]>`
        select count(*)::int as n from session_balls where shot_id = ${shotId}`;
      return n;
    };
    const shot = async (id: string) => {
      const list = await (await app.app.request("/api/lanes/1/shots?limit=100")).json();
      const other = await (await app.app.request("/api/lanes/2/shots?limit=100")).json();
      return [...list, ...other].find((s: { id: string }) => s.id === id);
    };
    try {
      const staff = await app.as("staff");
      const opened = await app.app.request("/api/lanes/1/sessions", {
        method: "POST",
        headers: { ...staff.headers, "content-type": "application/json" },
        body: JSON.stringify({ bowlers: [{ name: "Ada" }] }),
      });
      assert.equal(opened.status, 201);

      await t.step(
        "a sure shot becomes the session's next ball once, however often it is posted or re-run",
        async () => {
          const published: { type: string }[] = [];
          const stop = app.deps.live.subscribe("1", (e) => published.push(e));
          try {
            const first = await postShot(sureShot("score-0001", { standing: 0b1000000000 }));
            assert.equal(first.status, 201);
            assert.equal(await balls("score-0001"), 1);
            assert.ok(published.some((e) => e.type === "session"), "the new sheet is published");
            const again = await postShot(sureShot("score-0001", { standing: 0b1000000000 }));
            assert.equal(again.status, 200);
            assert.equal(again.body.created, false);
            assert.equal(again.body.shot.id, "score-0001");
            // Re-running a fact that was done (as after a crash right after its commit) adds nothing.
            await sql`update outbox set done_at = null, available_at = now()`;
            await app.outbox?.drain();
            assert.equal(await balls("score-0001"), 1);
            assert.equal((await shot("score-0001")).status, "auto");
          } finally {
            stop();
          }
        },
      );

      await t.step(
        "a ball that cannot follow the bowler's last one goes to review, not lost",
        async () => {
          // After a ball that left the 10 pin, no second ball can leave all ten standing.
          const res = await postShot(sureShot("score-0002", { standing: 1023 }));
          assert.equal(res.status, 201);
          assert.equal(await balls("score-0002"), 0);
          const stored = await shot("score-0002");
          assert.equal(stored.status, "review");
          assert.equal(stored.reviewReason, "impossible_ball");
        },
      );

      await t.step("a sure shot on a lane with no open session stays as stored, unscored", async () => {
        const res = await postShot(sureShot("score-0003"), "2");
        assert.equal(res.status, 201);
        const stored = await shot("score-0003");
        assert.equal(stored.status, "auto");
        assert.equal(stored.reviewReason, null);
        assert.equal(await balls("score-0003"), 0);
      });

      await t.step(
        "a shot released before the lane's open session began (delivered or retried late) is not scored into it",
        async () => {
          // The shot of an earlier session, posted only now: the ball is not the new session's.
          const before = (await sql<{ t: Date }[]>`
            select opened_at as t from bowling_sessions where lane_id = '1' and status = 'open'`)[0]
            .t.getTime() - 60_000;
          const late = sureShot("score-0005", {
            events: [
              { type: "release", captureTimeMs: before, confidence: 0.97, model: "ball-test@1" },
              {
                type: "pinfall",
                captureTimeMs: before + 4000,
                confidence: 0.995,
                model: "pins-test@1",
              },
            ],
            path: [{ captureTimeMs: before + 100, board: 13.2, ft: 2.4 }],
          });
          const res = await postShot(late);
          assert.equal(res.status, 201);
          assert.equal(await balls("score-0005"), 0);
          assert.equal((await shot("score-0005")).status, "auto");
        },
      );

      await t.step("an unsure shot waits for review as stored and is never scored", async () => {
        const res = await postShot(sureShot("score-0004", { pinConfidence: 0.9 }));
        assert.equal(res.body.shot.status, "review");
        assert.equal(res.body.shot.reviewReason, "unsure");
        assert.equal(await balls("score-0004"), 0);
      });

      await t.step("every shot's follow-up is done, none pending or dead", async () => {
        const res = await app.app.request("/api/outbox", { headers: staff.headers });
        assert.equal(res.status, 200);
        const body = await res.json();
        // Each scored ball's settlement (ball.settle) follows it through the outbox too.
        assert.deepEqual(body.topics, [
          { topic: "ball.settle", pending: 0, done: 1, dead: 0 },
          { topic: "shot.clip", pending: 0, done: 5, dead: 0 },
          { topic: "shot.score", pending: 0, done: 5, dead: 0 },
        ]);
        assert.deepEqual(body.dead, []);
        const spectator = await app.as("spectator");
        const refused = await app.app.request("/api/outbox", { headers: spectator.headers });
        assert.equal(refused.status, 403);
      });
    } finally {
      await app.close();
    }
  });
}
