/**
 * My games on PGlite and PostgreSQL: a person sees the games they bowled
 * (added with their account or checked in), newest first and paged, the
 * sheet of each, and their tracked balls and strike rate by frame; never
 * another person's game.
 */
import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import type { ShotReport } from "../../core/shot_report.ts";
import { recordShot } from "../shots/record.ts";
import { testShotReport } from "../shots/test_report.ts";
import { createTestApp } from "../testing.ts";
import { expectJson, expectProblem } from "../users/testing.ts";

/** A sure shot released at `at` leaving `standing`, launched at `mph`. */
function shot(id: string, at: number, standing: number, mph: number): ShotReport {
  const base = testShotReport(id);
  return testShotReport(id, {
    events: [
      { type: "release", captureTimeMs: at, confidence: 0.97, model: "ball-test@1" },
      { type: "pinfall", captureTimeMs: at + 4000, confidence: 0.995, model: "pins-test@1" },
    ],
    standing,
    pinProbabilities: Array.from({ length: 10 }, (_, i) => (standing >> i) & 1 ? 0.99 : 0.01),
    metrics: { ...base.metrics!, launchSpeedMph: mph, arrowsBoard: mph - 5 },
  });
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`/api/me/games and /api/me/stats on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const sql = app.deps.db.sql;
    const req = (path: string, headers: Record<string, string> = {}, body?: unknown) =>
      app.app.request(`/api${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { "content-type": "application/json", ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const staff = await app.as("staff");
    const ann = await app.as("spectator", "ann");
    const bo = await app.as("bettor", "bo");
    const t0 = Date.now() + 60_000;
    const aiShot = async (lane: string, report: ShotReport) => {
      await recordShot(sql, {}, lane, report);
      await app.outbox.drain();
    };
    const staffBall = async (id: string, pinsStanding: number[]) =>
      expectJson(await req(`/sessions/${id}/balls`, staff.headers, { pinsStanding }), 201);
    try {
      // Lane 1: Ann added by staff with her account; a strike, then 8 and a spare, by the AI and staff.
      const one = await expectJson(
        await req("/lanes/1/sessions", staff.headers, {
          bowlers: [{ name: "Annie", userId: ann.id }, { name: "Guest" }],
        }),
        201,
      );
      await aiShot("1", shot("mg-shot-1", t0 + 1000, 0, 17.2));
      await staffBall(one.id, [1, 2, 3]);
      await staffBall(one.id, []);
      await aiShot("1", shot("mg-shot-2", t0 + 2000, 0b1001000000, 15.4));
      await staffBall(one.id, []);
      await expectJson(await req(`/sessions/${one.id}/close`, staff.headers, {}), 200);
      // Lane 2: Ann checks in with the lane's code after Cy; the AI reads her strike.
      const two = await expectJson(
        await req("/lanes/2/sessions", staff.headers, { bowlers: [{ name: "Cy" }] }),
        201,
      );
      const { code } = await expectJson(
        await req(`/sessions/${two.id}/check-in-code`, staff.headers),
        200,
      );
      await expectJson(await req("/lanes/2/check-in", ann.headers, { code }), 200);
      await staffBall(two.id, [10]);
      await staffBall(two.id, []);
      await aiShot("2", shot("mg-shot-3", t0 + 3000, 0, 18.1));
      // Lane 3: Bo's game, not Ann's.
      const three = await expectJson(
        await req("/lanes/3/sessions", staff.headers, {
          bowlers: [{ name: "Bo", userId: bo.id }],
        }),
        201,
      );
      await staffBall(three.id, []);

      await t.step(
        "a person's games are the ones they bowled, newest first, with their total",
        async () => {
          const page = await expectJson(await req("/me/games", ann.headers), 200);
          assert.equal(page.next, null);
          assert.deepEqual(
            page.games.map((
              g: Record<string, unknown>,
            ) => [g.sessionId, g.laneId, g.name, g.status]),
            [[two.id, "2", "ann", "open"], [one.id, "1", "Annie", "closed"]],
          );
          const [g2, g1] = page.games;
          assert.deepEqual(
            { total: g1.total, frames: g1.frames, strikes: g1.strikes, spares: g1.spares },
            { total: 20, frames: 2, strikes: 1, spares: 1 },
            "X then 8/ with no third ball yet: 20 in frame 1, frame 2 open",
          );
          assert.equal(g1.href, `/me/games/${one.id}`);
          assert.equal(typeof g1.laneName, "string");
          assert.ok(g1.closedAt && !Number.isNaN(Date.parse(g1.openedAt)));
          assert.deepEqual([g2.strikes, g2.frames, g2.complete], [1, 1, false]);
          const bos = await expectJson(await req("/me/games", bo.headers), 200);
          assert.deepEqual(bos.games.map((g: { sessionId: string }) => g.sessionId), [three.id]);
          assert.deepEqual(await expectJson(await req("/me/games", staff.headers), 200), {
            games: [],
            next: null,
          });
        },
      );

      await t.step("games are paged with before, and a bad page is refused", async () => {
        const first = await expectJson(await req("/me/games?limit=1", ann.headers), 200);
        assert.deepEqual(first.games.map((g: { sessionId: string }) => g.sessionId), [two.id]);
        assert.equal(first.next, two.id);
        const second = await expectJson(
          await req(`/me/games?limit=1&before=${first.next}`, ann.headers),
          200,
        );
        assert.deepEqual(second.games.map((g: { sessionId: string }) => g.sessionId), [one.id]);
        const third = await expectJson(
          await req(`/me/games?limit=1&before=${second.next}`, ann.headers),
          200,
        );
        assert.deepEqual(third, { games: [], next: null });
        const junk = await expectJson(await req("/me/games?before=not-a-game", ann.headers), 200);
        assert.deepEqual(junk, { games: [], next: null });
        for (const q of ["limit=0", "limit=51", "limit=x"]) {
          await expectProblem(await req(`/me/games?${q}`, ann.headers), 400, "invalid_request");
        }
      });

      await t.step("a game's sheet is theirs to read; anyone else's is not found", async () => {
        const sheet = await expectJson(await req(`/me/games/${one.id}`, ann.headers), 200);
        assert.equal(sheet.id, one.id);
        const annie = sheet.bowlers.find((b: { userId: string }) => b.userId === ann.id);
        assert.equal(annie.name, "Annie");
        assert.deepEqual(
          annie.frames[0].balls.map((b: { mark: string; shotId: string }) => [b.mark, b.shotId]),
          [["X", "mg-shot-1"]],
        );
        assert.ok(annie.frames[0].balls[0].clip, "balls with a shot carry their clip");
        for (const id of [three.id, crypto.randomUUID(), "not-a-uuid"]) {
          await expectProblem(await req(`/me/games/${id}`, ann.headers), 404, "unknown_game");
        }
        await expectProblem(await req(`/me/games/${one.id}`, bo.headers), 404, "unknown_game");
      });

      await t.step(
        "stats: tracked balls oldest first, strike rate by frame over every game",
        async () => {
          const stats = await expectJson(await req("/me/stats", ann.headers), 200);
          assert.equal(stats.games, 2);
          assert.deepEqual(
            stats.shots.map((s: Record<string, unknown>) => [
              s.shotId,
              s.sessionId,
              s.frame,
              s.ball,
              s.mark,
              s.launchSpeedMph,
            ]),
            [
              ["mg-shot-1", one.id, 1, 1, "X", 17.2],
              ["mg-shot-2", one.id, 2, 1, "8", 15.4],
              ["mg-shot-3", two.id, 1, 1, "X", 18.1],
            ],
          );
          const s1 = stats.shots[0];
          assert.equal(s1.at, new Date(t0 + 1000).toISOString());
          assert.ok(Math.abs(s1.arrowsBoard - 12.2) < 1e-4);
          assert.equal(typeof s1.entryAngleDeg, "number");
          assert.equal(typeof s1.entrySpeedMph, "number");
          assert.deepEqual(
            stats.strikeRateByFrame.map((
              f: Record<string, unknown>,
            ) => [f.frame, f.chances, f.rate]),
            [[1, 2, 1], [2, 1, 0], ...Array.from({ length: 8 }, (_, i) => [i + 3, 0, null])],
          );
          const bos = await expectJson(await req("/me/stats", bo.headers), 200);
          assert.equal(bos.games, 1);
          assert.deepEqual(bos.shots, [], "Bo's ball was entered by staff: no metrics");
          assert.deepEqual(bos.strikeRateByFrame[0], { frame: 1, chances: 1, strikes: 1, rate: 1 });
        },
      );

      await t.step("signed out, each is 401", async () => {
        for (const path of ["/me/games", `/me/games/${one.id}`, "/me/stats"]) {
          await expectProblem(await req(path), 401, "unauthenticated");
        }
      });
    } finally {
      await app.close();
    }
  });
}
