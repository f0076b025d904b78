import assert from "node:assert/strict";
import { NO_PINS } from "../../core/pins.ts";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createTestApp } from "../testing.ts";
import { closeSession, openSession, recordBall } from "./service.ts";
import { createSimKeeper, SIM_KEEPER, simBowlers } from "./sim_keeper.ts";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** Open sessions by lane: who opened them and their bowlers' names. */
async function openSessions(app: TestApp) {
  const rows = await app.deps.db.sql<
    {
      lane_id: string;
      id: string;
      opened_by: string | null;
      opened_by_system: string | null;
      names: string[];
    }[]
  >`
    select s.lane_id, s.id, s.opened_by, s.opened_by_system,
           array(select name from session_bowlers b where b.session_id = s.id order by position) as names
    from bowling_sessions s where s.status = 'open' order by s.lane_id`;
  return new Map(rows.map((r) => [r.lane_id, r]));
}

/** Strikes for whoever's turn it is until every game of the lane's session is complete. */
async function playOut(app: TestApp, laneId: string) {
  for (let i = 0; i < 4 * 12; i++) {
    const sheet = await recordBall(app.deps.db.sql, app.deps, {
      laneId,
      standing: NO_PINS,
      foul: false,
      source: "ai",
    });
    if (sheet?.complete) return;
  }
  throw new Error(`The session on lane "${laneId}" did not complete`);
}

Deno.test("simBowlers() gives a lane the same two to four named bowlers every time", () => {
  for (const lane of ["1", "2", "3", "4", "17", "lane-x"]) {
    const bowlers = simBowlers(lane);
    assert.ok(bowlers.length >= 2 && bowlers.length <= 4, lane);
    assert.deepEqual(simBowlers(lane), bowlers);
    assert.equal(new Set(bowlers.map((b) => b.name)).size, bowlers.length);
  }
  assert.notDeepEqual(simBowlers("1"), simBowlers("2"));
});

for (const kind of TEST_DB_KINDS) {
  Deno.test(`sim keeper on ${kind}`, async (t) => {
    // Lanes "1" and "2" are simulated, "3" is not.
    const app = await createTestApp(kind);
    const { sql } = app.deps.db;
    const keeper = createSimKeeper({ sql, deps: app.deps });
    try {
      await t.step(
        "opens a session of simulated bowlers on each sim lane and none elsewhere",
        async () => {
          const done = await keeper.tick();
          assert.deepEqual(Object.fromEntries(done), { "1": "opened", "2": "opened" });
          const open = await openSessions(app);
          assert.deepEqual([...open.keys()], ["1", "2"]);
          for (const lane of ["1", "2"]) {
            const s = open.get(lane)!;
            assert.equal(s.opened_by, null);
            assert.equal(s.opened_by_system, SIM_KEEPER);
            assert.deepEqual(s.names, simBowlers(lane).map((b) => b.name));
          }
          const [audit] = await sql<{ actor_id: string | null; detail: Record<string, unknown> }[]>`
          select actor_id, detail from audit_log
          where action = 'session.open' and target_id = ${open.get("1")!.id}`;
          assert.equal(audit.actor_id, null);
          assert.equal(audit.detail.system, SIM_KEEPER);
        },
      );

      await t.step("a second pass keeps the sessions being played", async () => {
        const before = await openSessions(app);
        assert.deepEqual(Object.fromEntries(await keeper.tick()), { "1": "kept", "2": "kept" });
        assert.deepEqual(await openSessions(app), before);
      });

      await t.step("closes a complete session it opened and opens the next", async () => {
        const first = (await openSessions(app)).get("1")!.id;
        await playOut(app, "1");
        assert.equal((await keeper.tick()).get("1"), "replaced");
        const [old] = await sql<{ status: string; closed_by: string | null }[]>`
          select status, closed_by from bowling_sessions where id = ${first}`;
        assert.deepEqual({ ...old }, { status: "closed", closed_by: null });
        const next = (await openSessions(app)).get("1")!;
        assert.notEqual(next.id, first);
        assert.equal(next.opened_by_system, SIM_KEEPER);
        const closes = await sql`
          select 1 from audit_log where action = 'session.close' and target_id = ${first} and actor_id is null`;
        assert.equal(closes.length, 1);
      });

      await t.step("leaves a session staff opened alone, even when it is complete", async () => {
        const staff = await app.as("staff");
        const mine = (await openSessions(app)).get("2")!.id;
        await closeSession(sql, app.deps, mine, { user: staff });
        const sheet = await openSession(sql, app.deps, "2", [{ name: "Walk-in" }], { user: staff });
        assert.equal((await keeper.tick()).get("2"), "staff");
        await playOut(app, "2");
        assert.equal((await keeper.tick()).get("2"), "staff");
        const open = (await openSessions(app)).get("2")!;
        assert.equal(open.id, sheet.id);
        assert.equal(open.opened_by, staff.id);
        await closeSession(sql, app.deps, sheet.id, { user: staff });
      });

      await t.step("skips a sim lane staff disabled", async () => {
        const current = (await openSessions(app)).get("1")!.id;
        await closeSession(sql, app.deps, current, { system: "test" });
        await sql`update lanes set enabled = false where id = '1'`;
        const done = await keeper.tick();
        assert.equal(done.has("1"), false);
        assert.equal((await openSessions(app)).has("1"), false);
        await sql`update lanes set enabled = true where id = '1'`;
      });

      await t.step("two keepers racing open exactly one session per lane", async () => {
        await sql`update bowling_sessions set status = 'closed', closed_at = now() where status = 'open'`;
        const other = createSimKeeper({ sql, deps: app.deps });
        const [a, b] = await Promise.all([keeper.tick(), other.tick()]);
        for (const lane of ["1", "2"]) {
          // The later one either lost the insert or already saw the session; neither failed.
          const actions = [a.get(lane), b.get(lane)];
          assert.equal(actions.filter((x) => x === "opened").length, 1, `lane ${lane}: ${actions}`);
          assert.ok(actions.every((x) => x === "opened" || x === "raced" || x === "kept"));
        }
        const open = await sql<{ lane_id: string }[]>`
          select lane_id from bowling_sessions where status = 'open' order by lane_id`;
        assert.deepEqual(open.map((r) => r.lane_id), ["1", "2"]);
      });

      await t.step("start() opens sessions by itself and stop() waits for the pass", async () => {
        await sql`update bowling_sessions set status = 'closed', closed_at = now() where status = 'open'`;
        const timed = createSimKeeper({ sql, deps: app.deps, intervalMs: 10 });
        timed.start();
        const deadline = Date.now() + 10_000;
        while ((await openSessions(app)).size < 2 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 20));
        }
        await timed.stop();
        assert.deepEqual([...(await openSessions(app)).keys()], ["1", "2"]);
      });
    } finally {
      await keeper.stop();
      await app.close();
    }
  });
}
