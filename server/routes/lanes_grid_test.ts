import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createLaneGames } from "../lanes/lane_games.ts";
import { testShotReport } from "../shots/test_report.ts";
import { createTestApp, TEST_INFERENCE_KEY } from "../testing.ts";

type Headers = Record<string, string>;
interface GridLane {
  id: string;
  viewers: number;
  game: {
    openPlay: boolean;
    frame: number | null;
    bowlers: { name: string; total: number; up: boolean }[];
    lastBall: Record<string, unknown> | null;
  } | null;
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`lane grid data on ${kind}`, async (t) => {
    const ctx = await createTestApp(kind);
    const { app, sfu } = ctx;
    try {
      const staff = await ctx.as("staff");
      const call = (method: string, path: string, headers: Headers = {}, body?: unknown) =>
        app.request(`/api${path}`, {
          method,
          headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
      const grid = async (): Promise<GridLane[]> => {
        const res = await call("GET", "/lanes");
        assert.equal(res.status, 200);
        assert.match(res.headers.get("content-type") ?? "", /application\/json/);
        return await res.json();
      };
      const game = async (id = "1") => (await grid()).find((l) => l.id === id)!.game!;
      let sheet: { id: string; bowlers: { id: string; frames: { balls: { id: string }[] }[] }[] };
      const bowl = async (pinsStanding: number[]) => {
        const res = await call("POST", `/sessions/${sheet.id}/balls`, staff.headers, {
          pinsStanding,
        });
        assert.equal(res.status, 201);
        sheet = await res.json();
      };

      await t.step(
        "a lane with no open session has no game; viewers come from the SFU",
        async () => {
          sfu.live.set("1", { id: "1", live: true, liveSince: Date.now(), viewers: 7 });
          const lanes = await grid();
          assert.deepEqual(lanes.map((l) => [l.id, l.viewers, l.game]), [
            ["1", 7, null],
            ["2", 0, null],
            ["3", 0, null],
          ]);
        },
      );

      await t.step("the tile's game: bowlers with totals, who is up, the frame", async () => {
        const res = await call("POST", "/lanes/1/sessions", staff.headers, {
          bowlers: [{ name: "Ada" }, { name: "Ben" }],
        });
        assert.equal(res.status, 201);
        sheet = await res.json();
        assert.deepEqual(await game(), {
          openPlay: false,
          frame: 1,
          bowlers: [{ name: "Ada", total: 0, up: true }, { name: "Ben", total: 0, up: false }],
          lastBall: null,
        });
        await bowl([]);
        const after = await game();
        assert.equal(after.frame, 1);
        assert.deepEqual(after.bowlers.map((b) => b.up), [false, true]);
        assert.deepEqual(after.lastBall, {
          bowler: "Ada",
          frame: 1,
          standing: 0,
          standingBefore: 1023,
          foul: false,
          gutter: false,
          speedMph: null,
        });
      });

      await t.step("an AI ball brings its speed to the last ball", async () => {
        const res = await call("POST", "/inference/lanes/1/shots", {
          authorization: `Bearer ${TEST_INFERENCE_KEY}`,
        }, testShotReport("grid-shot-1"));
        assert.ok(res.status === 200 || res.status === 201, `shot stored: ${res.status}`);
        await ctx.outbox.drain();
        const last = (await game()).lastBall;
        assert.deepEqual(last, {
          bowler: "Ben",
          frame: 1,
          standing: 0b1000000000,
          standingBefore: 1023,
          foul: false,
          gutter: false,
          speedMph: 17.2,
        });
      });

      await t.step("a second ball faces what the first left standing", async () => {
        await bowl([]);
        const after = await game();
        assert.equal(after.lastBall?.standingBefore, 0b1000000000);
        assert.equal(after.lastBall?.standing, 0);
        assert.equal(after.frame, 2);
        assert.deepEqual(after.bowlers.map((b) => [b.name, b.up]), [["Ada", true], ["Ben", false]]);
      });

      await t.step("correcting an earlier ball does not make it the last ball", async () => {
        const adaFirst = sheet.bowlers[0].frames[0].balls[0].id;
        const res = await call(
          "POST",
          `/sessions/${sheet.id}/balls/${adaFirst}/correction`,
          staff.headers,
          { pinsStanding: [7], reason: "Camera missed the 7 pin" },
        );
        assert.equal(res.status, 200);
        const after = await game();
        assert.equal(after.lastBall?.bowler, "Ben");
        assert.deepEqual(after.lastBall?.standing, 0, "still Ben's spare");
      });

      await t.step("a closed session leaves the tile without a game", async () => {
        assert.equal(
          (await call("POST", `/sessions/${sheet.id}/close`, staff.headers)).status,
          200,
        );
        assert.equal((await grid())[0].game, null);
      });

      await t.step("createLaneGames() answers from its cache within cacheMs", async () => {
        const games = createLaneGames({ sql: ctx.deps.db.sql, cacheMs: 3_600_000 });
        assert.equal((await games.games()).size, 0);
        const res = await call("POST", "/lanes/2/sessions", staff.headers, {
          bowlers: [{ name: "Cy" }],
        });
        assert.equal(res.status, 201);
        assert.equal((await games.games()).size, 0, "still the cached read");
        const fresh = createLaneGames({ sql: ctx.deps.db.sql, cacheMs: 0 });
        assert.equal((await fresh.games()).get("2")?.bowlers[0].name, "Cy");
      });
    } finally {
      await ctx.close();
    }
  });
}
