import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { addBall, closeSession, openSession } from "../sessions/service.ts";
import { createTestApp } from "../testing.ts";
import { bowlerHistory } from "./history.ts";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`a bowler's history spans their earlier sessions on ${kind}`, async () => {
    const app = await createTestApp(kind);
    const sql = app.deps.db.sql;
    try {
      const staff = await app.as("staff");
      const actor = { user: staff };
      const player = await app.as("bettor", "player");
      const open = (bowlers: { name: string; userId?: string }[]) =>
        openSession(sql, app.deps, "1", bowlers, actor);
      // Earlier session: "Ada" (signed in) throws a strike, "Bo" (a name only) a 9 and a spare.
      const s1 = await open([{ name: "Ada", userId: player.id }, { name: "Bo" }]);
      await addBall(sql, app.deps, s1.id, { standing: 0, foul: false }, actor);
      await addBall(sql, app.deps, s1.id, { standing: 0b1000000000, foul: false }, actor);
      await addBall(sql, app.deps, s1.id, { standing: 0, foul: false }, actor);
      await sql`insert into shots (id, lane_id, released_at, launch_speed_mph, standing,
                  pin_confidence, track_confidence, status, events, path, pin_probabilities,
                  ball_model, pin_model)
                values ('shot-history-1', '1', now(), 17.25, 0, 1, 1, 'auto', '[]', '[]', '[]', 'b', 'p')`;
      await sql`update session_balls set shot_id = 'shot-history-1'
                where session_id = ${s1.id} and seq = 1 and bowler_id = ${s1.bowlers[0].id}`;
      await closeSession(sql, app.deps, s1.id, actor);
      // Now: the same account under another name, and "bo" again by name.
      const s2 = await open([{ name: "Ada L.", userId: player.id }, { name: " bo " }, {
        name: "Cy",
      }]);
      await addBall(sql, app.deps, s2.id, { standing: 0b0000000011, foul: true }, actor);

      const ada = await bowlerHistory(sql, s2.bowlers[0].id);
      assert.deepEqual(ada.balls.map((b) => [b.frame, b.ball, b.standingAfter, b.foul]), [
        [1, 1, 0, false],
        [1, 1, 0b0000000011, true],
      ]);
      assert.equal(ada.balls[0].launchSpeedMph, 17.25);
      assert.equal(ada.balls[1].launchSpeedMph, null);
      const bo = await bowlerHistory(sql, s2.bowlers[1].id);
      assert.deepEqual(bo.balls.map((b) => [b.ball, b.standingBefore, b.standingAfter]), [
        [1, 0b1111111111, 0b1000000000],
        [2, 0b1000000000, 0],
      ]);
      assert.deepEqual((await bowlerHistory(sql, s2.bowlers[2].id)).balls, []);
    } finally {
      await app.close();
    }
  });
}
