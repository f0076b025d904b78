import assert from "node:assert/strict";
import { FULL_RACK } from "../../core/pins.ts";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { testLaneEvent } from "../live/lane_event_fixture.ts";
import { addBall } from "../sessions/service.ts";
import { createTestApp } from "../testing.ts";
import { laneMarkets } from "./repo.ts";
import { IDLE_AFTER_MS, laneIsIdle, startMarketsEngine } from "./engine.ts";
import { SESSION_EVENT } from "../../core/session_sheet.ts";
import { createLaneEvents } from "../live/lane_events.ts";
import { createFanout, createLiveHub } from "../live/hub.ts";
import { client, fund, openTestSession } from "./test_fixture.ts";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`markets engine on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const sql = app.deps.db.sql;
    const engine = app.startMarkets();
    const events = app.deps.laneEvents;
    const laneMarketsNow = async (laneId: string) => {
      await engine.idle();
      return await laneMarkets(sql, laneId);
    };
    const staff = await app.as("staff");
    try {
      await t.step("rack-ready opens the turn's markets once, even when sent twice", async () => {
        const pushed: unknown[] = [];
        app.deps.live.subscribe("2", (e) => e.type === "market" && pushed.push(e.data));
        // Ball in play while the session opens: nothing opens until the rack is ready.
        await events.receive(testLaneEvent({ laneId: "2", type: "approach", id: "2-approach-a1" }));
        const { bowlerIds } = await openTestSession(app, "2", ["Ada"]);
        assert.deepEqual(await laneMarketsNow("2"), []);
        const ready = testLaneEvent({ laneId: "2", type: "rack-ready", standing: FULL_RACK });
        await events.receive(ready);
        await events.receive(ready);
        await events.receive({
          ...ready,
          id: `${ready.id}-again`,
          captureTimeMs: ready.captureTimeMs + 1,
        });
        const markets = await laneMarketsNow("2");
        assert.deepEqual(markets.map((m) => m.kind).sort(), ["pins-over-under", "strike"]);
        assert.ok(markets.every((m) => m.state === "open" && m.version === 1));
        assert.ok(markets.every((m) => m.ball.bowler.id === bowlerIds[0] && m.ball.frame === 1));
        const fair = markets.find((m) => m.kind === "strike")!.outcomes.map((o) =>
          o.fairProbability
        );
        assert.ok(fair.every((p) => p !== null && p > 0 && p < 1));
        assert.equal(pushed.length, 2, "each market pushed to the lane once");
      });

      await t.step(
        "a previous ball's approach arriving after rack-ready leaves the new markets open",
        async () => {
          const stale = Date.now() - 10_000;
          await events.receive(
            testLaneEvent({ laneId: "2", type: "approach", captureTimeMs: stale }),
          );
          const markets = await laneMarketsNow("2");
          assert.ok(
            markets.length > 0 && markets.every((m) => m.state === "open" && m.version === 1),
          );
        },
      );

      await t.step(
        "approach suspends the lane's open markets and bumps their version",
        async () => {
          const captureTimeMs = Date.now() - 10;
          await events.receive(testLaneEvent({ laneId: "2", type: "approach", captureTimeMs }));
          const markets = await laneMarketsNow("2");
          assert.ok(markets.every((m) => m.state === "suspended" && m.version === 2));
          const [row] = await sql<{ ms: string }[]>`
          select min(suspend_capture_ms)::text as ms from markets where lane_id = '2'`;
          assert.equal(Number(row.ms), captureTimeMs);
        },
      );

      await t.step("a release suspends what is still open when no approach was seen", async () => {
        const staffed = await openTestSession(app, "3", ["Dee"]);
        let markets = await laneMarketsNow("3");
        assert.ok(markets.length >= 2 && markets.every((m) => m.state === "open"));
        await events.receive(testLaneEvent({ laneId: "3", type: "release" }));
        markets = await laneMarketsNow("3");
        assert.ok(markets.every((m) => m.state === "suspended"), "suspended by the release");
        assert.equal(markets[0].ball.sessionId, staffed.sessionId);
      });

      await t.step(
        "a ball recorded while the rack is not ready opens nothing; rack-ready does",
        async () => {
          await events.receive(testLaneEvent({ laneId: "2", type: "pinfall" }));
          const sheet = (await sql<{ id: string }[]>`
          select id from bowling_sessions where lane_id = '2' and status = 'open'`)[0];
          await addBall(sql, app.deps, sheet.id, { standing: 0b0000001000, foul: false }, {
            user: staff,
          });
          let markets = await laneMarketsNow("2");
          assert.equal(markets.filter((m) => m.state === "open").length, 0);
          await events.receive(
            testLaneEvent({ laneId: "2", type: "rack-ready", standing: 0b0000001000 }),
          );
          markets = await laneMarketsNow("2");
          const open = markets.filter((m) => m.state === "open");
          assert.deepEqual(open.map((m) => [m.kind, m.ball.frame, m.ball.ball]), [["spare", 1, 2]]);
        },
      );

      await t.step(
        "manual play: markets open when a session opens and move with each ball",
        async () => {
          const { sessionId } = await openTestSession(app, "1", ["Bo", "Cy"]);
          let markets = await laneMarketsNow("1");
          assert.deepEqual(markets.map((m) => m.ball.bowler.name), ["Bo", "Bo"]);
          const bettor = await app.as("bettor");
          await fund(app, bettor.id, 1_000);
          const strike = markets.find((m) => m.kind === "strike")!;
          const res = await client(app).post("/bets", {
            marketId: strike.id,
            outcome: "yes",
            stake: 100,
            marketVersion: 1,
            idempotencyKey: "manual-play-1",
          }, bettor.headers);
          assert.equal(res.status, 201, await res.text());
          await addBall(sql, app.deps, sessionId, { standing: 0, foul: false }, { user: staff });
          markets = await laneMarketsNow("1");
          const bo = markets.filter((m) => m.ball.bowler.name === "Bo");
          assert.ok(
            bo.every((m) => m.state === "suspended"),
            "the bowled ball waits for settlement",
          );
          const cy = markets.filter((m) => m.ball.bowler.name === "Cy");
          assert.ok(cy.length >= 2 && cy.every((m) => m.state === "open"));
          assert.equal((await app.deps.ledger.balance(sql, bettor.id)).pending, 100);
        },
      );

      await t.step(
        "a turn that moves voids the markets of the ball not thrown and refunds",
        async () => {
          const bettor = await app.as("bettor");
          const markets = await laneMarketsNow("1");
          const cy = markets.find((m) => m.ball.bowler.name === "Cy" && m.kind === "strike")!;
          const res = await client(app).post("/bets", {
            marketId: cy.id,
            outcome: "no",
            stake: 200,
            marketVersion: cy.version,
            idempotencyKey: "manual-play-2",
          }, bettor.headers);
          const text = await res.text();
          assert.equal(res.status, 201, text);
          const id = JSON.parse(text).bet.id;
          const sessionId = cy.ball.sessionId;
          await client(app).post(`/sessions/${sessionId}/close`, {}, staff.headers);
          const after = await laneMarketsNow("1");
          const voided = after.find((m) => m.id === cy.id)!;
          assert.equal(voided.state, "void");
          assert.equal(voided.voidReason, "turn-moved");
          const [bet] = await sql<{ state: string; void_reason: string }[]>`
          select state, void_reason from bets where id = ${id}`;
          assert.deepEqual({ ...bet }, { state: "void", void_reason: "turn-moved" });
          assert.deepEqual(await app.deps.ledger.balance(sql, bettor.id), {
            available: 900,
            pending: 100,
            balance: 1_000,
          });
        },
      );

      await t.step(
        "a rack-ready showing another rack suspends the turn's markets it overtook",
        async () => {
          const { sessionId } = await openTestSession(app, "1", ["Eve"]);
          const open = (await laneMarketsNow("1")).filter((m) => m.ball.sessionId === sessionId);
          assert.ok(open.length >= 2 && open.every((m) => m.state === "open"));
          await events.receive(testLaneEvent({ type: "rack-ready", standing: 0b0000000001 }));
          const after = (await laneMarketsNow("1")).filter((m) => m.ball.sessionId === sessionId);
          assert.deepEqual(after.map((m) => m.state), open.map(() => "suspended"));
          assert.deepEqual(after.map((m) => m.id).sort(), open.map((m) => m.id).sort());
        },
      );

      await t.step(
        "an approach after the rack-ready that opened the markets suspends them, though the rack was reported again later",
        async () => {
          // A rack-ready opens the ball's markets; the pinsetter then reports the same rack again
          // (captured later), and only then arrives this ball's approach, captured in between.
          const [{ id: earlier }] = await sql<{ id: string }[]>`
            select id from bowling_sessions where lane_id = '3' and closed_at is null`;
          await client(app).post(`/sessions/${earlier}/close`, {}, staff.headers);
          const { sessionId } = await openTestSession(app, "3", ["Fay"]);
          const approach = Date.now();
          for (const captureTimeMs of [approach - 2_000, approach + 2_000]) {
            await events.receive(testLaneEvent({ laneId: "3", type: "rack-ready", captureTimeMs }));
          }
          const open = (await laneMarketsNow("3")).filter((m) => m.ball.sessionId === sessionId);
          assert.ok(open.length >= 2 && open.every((m) => m.state === "open"));
          await events.receive(
            testLaneEvent({ laneId: "3", type: "approach", captureTimeMs: approach }),
          );
          const after = (await laneMarketsNow("3")).filter((m) => m.ball.sessionId === sessionId);
          assert.deepEqual(after.map((m) => m.state), open.map(() => "suspended"));
        },
      );
    } finally {
      await app.close();
    }
  });
}

Deno.test("a lane is idle before any AI event, at rack-ready, and when the AI went quiet mid-ball", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const events = createLaneEvents({
      kv,
      live: createLiveHub(),
      laneExists: () => Promise.resolve(true),
    });
    assert.equal(laneIsIdle(events, "1"), true, "nothing heard yet: manual play");
    const approach = testLaneEvent({ type: "approach" });
    await events.receive(approach);
    assert.equal(laneIsIdle(events, "1"), false, "a ball is in play");
    const quiet = Date.now() + IDLE_AFTER_MS + 1;
    assert.equal(laneIsIdle(events, "1", quiet), true, "the AI said nothing for a minute");
    await events.receive(
      testLaneEvent({ type: "rack-ready", captureTimeMs: approach.captureTimeMs + 1 }),
    );
    assert.equal(laneIsIdle(events, "1"), true);
  } finally {
    kv.close();
  }
});

Deno.test("a sheet another instance published is left to that instance's engine", async () => {
  const fanout = createFanout();
  const live = { ...createLiveHub(), ...fanout };
  const kv = await Deno.openKv(":memory:");
  let reads = 0;
  // Any database work at all shows the engine took the sheet up.
  const refuse = () => {
    reads++;
    return Promise.reject(new Error("no database here"));
  };
  const sql = new Proxy(refuse, { get: () => refuse });
  const laneEvents = createLaneEvents({ kv, live, laneExists: () => Promise.resolve(true) });
  const deps = { db: { sql }, live, laneEvents } as unknown as Parameters<
    typeof startMarketsEngine
  >[0];
  const error = console.error;
  console.error = () => {};
  try {
    const engine = startMarketsEngine(deps);
    fanout.deliver("1", { type: SESSION_EVENT, data: {} }, "remote");
    await engine.idle();
    assert.equal(reads, 0, "another instance's sheet");
    fanout.deliver("1", { type: SESSION_EVENT, data: {} }, "local");
    await engine.idle();
    assert.ok(reads > 0, "this instance's sheet");
    await engine.stop();
  } finally {
    console.error = error;
    kv.close();
  }
});
