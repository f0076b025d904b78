import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createTestApp } from "../testing.ts";
import { staffSuspend } from "./staff_actions.ts";
import { suspendForEvent } from "./suspend.ts";
import {
  assertLedgerOk,
  client,
  fund,
  insertTestMarket,
  openTestSession,
  type TestApp,
} from "./test_fixture.ts";

interface BetState {
  id: string;
  user_id: string;
  stake: string;
  state: string;
  void_reason: string | null;
  placed_ms: number;
}

async function betsOf(app: TestApp, marketId: string) {
  return await app.deps.db.sql<BetState[]>`
    select id, user_id, stake, state, void_reason,
           extract(epoch from placed_at) * 1000 as placed_ms
    from bets where market_id = ${marketId}`;
}

const tick = () => new Promise((r) => setTimeout(r, 2));

for (const kind of TEST_DB_KINDS) {
  Deno.test(`suspension and past-posting on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const sql = app.deps.db.sql;
    const { post } = client(app);
    try {
      const { sessionId, bowlerIds } = await openTestSession(app, "1", ["Ada"]);
      const bettors = await Promise.all(
        Array.from({ length: 6 }, (_, i) => app.as("bettor", `racer-${i}`)),
      );
      for (const b of bettors) await fund(app, b.id, 100_000);
      const bet = (marketId: string, i: number, key: string) => {
        const who = bettors[i % bettors.length];
        return post("/bets", {
          marketId,
          outcome: i % 2 ? "yes" : "no",
          stake: 100 + i,
          marketVersion: 1,
          idempotencyKey: key,
        }, who.headers);
      };

      await t.step("no bet survives past the cutoff when bets race the approach", async () => {
        const marketId = await insertTestMarket(sql, {
          laneId: "1",
          sessionId,
          bowlerId: bowlerIds[0],
        });
        // The approach is captured while bets flow and reaches the server a little later
        // (as events do): bets committed in between are past-posted, bets after it refused.
        let done = 0;
        let captureTimeMs = 0;
        let suspension: ReturnType<typeof suspendForEvent> | undefined;
        const wave2: Promise<Response>[] = [];
        const wave1 = await Promise.all(
          Array.from(
            { length: 40 },
            (_, i) =>
              Promise.resolve(bet(marketId, i, `race-bet-${i}`)).then((r) => {
                done++;
                if (done === 5) captureTimeMs = Date.now();
                if (done === 10) {
                  suspension = suspendForEvent(app.deps, { laneId: "1", captureTimeMs });
                  for (let j = 40; j < 60; j++) {
                    wave2.push(Promise.resolve(bet(marketId, j, `race-bet-${j}`)));
                  }
                }
                return r;
              }),
          ),
        );
        const answers = [...wave1, ...await Promise.all(wave2)];
        const result = await suspension!;
        const statuses = await Promise.all(answers.map(async (r) => {
          const body = await r.json();
          if (r.status === 409) assert.equal(body.code, "market-suspended");
          return r.status;
        }));
        assert.ok(statuses.every((s) => s === 201 || s === 409), statuses.join(","));
        const rows = await betsOf(app, marketId);
        assert.equal(rows.length, statuses.filter((s) => s === 201).length);
        for (const b of rows) {
          if (b.placed_ms >= captureTimeMs) {
            assert.deepEqual([b.state, b.void_reason], ["void", "past-posted"], `bet ${b.id}`);
          } else assert.equal(b.state, "open", `bet ${b.id} placed before the cutoff stands`);
        }
        assert.deepEqual(
          result.voidedBetIds.sort(),
          rows.filter((b) => b.state === "void").map((b) => b.id).sort(),
        );
        const [market] = await sql<{ state: string; version: number }[]>`
          select state, version from markets where id = ${marketId}`;
        assert.deepEqual({ ...market }, { state: "suspended", version: 2 });
        for (const who of bettors) {
          const open = rows.filter((b) => b.user_id === who.id && b.state === "open")
            .reduce((s, b) => s + Number(b.stake), 0);
          assert.equal((await app.deps.ledger.balance(sql, who.id)).pending, open);
        }
        await assertLedgerOk(app);
      });

      await t.step(
        "a late approach sweeps with the earliest time, a later release changes nothing",
        async () => {
          const marketId = await insertTestMarket(sql, {
            laneId: "1",
            sessionId,
            bowlerId: bowlerIds[0],
            frame: 2,
          });
          assert.equal((await bet(marketId, 0, "late-bet-a")).status, 201);
          await tick();
          const approachMs = Date.now();
          await tick();
          assert.equal((await bet(marketId, 1, "late-bet-b")).status, 201);
          const staff = await app.as("staff");
          await staffSuspend(app.deps, marketId, { user: staff });
          assert.deepEqual(await betsOf(app, marketId).then((r) => r.map((b) => b.state)), [
            "open",
            "open",
          ]);
          // The release (later) arrives first, then the approach: the approach's time wins.
          const release = await suspendForEvent(app.deps, {
            laneId: "1",
            captureTimeMs: approachMs + 5_000,
          });
          assert.deepEqual(release.voidedBetIds, []);
          const approach = await suspendForEvent(app.deps, {
            laneId: "1",
            captureTimeMs: approachMs,
          });
          assert.equal(approach.voidedBetIds.length, 1);
          const rows = await betsOf(app, marketId);
          const byKey = Object.fromEntries(
            rows.map((b) => [b.placed_ms < approachMs ? "a" : "b", b]),
          );
          assert.equal(byKey.a.state, "open");
          assert.deepEqual([byKey.b.state, byKey.b.void_reason], ["void", "past-posted"]);
          const again = await suspendForEvent(app.deps, {
            laneId: "1",
            captureTimeMs: approachMs + 1,
          });
          assert.deepEqual(
            again,
            { marketIds: [], voidedBetIds: [] },
            "a later event changes nothing",
          );
          const [m] = await sql<{ version: number; ms: string }[]>`
          select version, suspend_capture_ms::text as ms from markets where id = ${marketId}`;
          assert.deepEqual([m.version, Number(m.ms)], [2, approachMs]);
          await assertLedgerOk(app);
        },
      );

      await t.step("BET_ACCEPT_DELAY_MS shifts the cutoff", async () => {
        const delayed = {
          ...app.deps,
          config: { ...app.deps.config, BET_ACCEPT_DELAY_MS: -60_000 },
        };
        const marketId = await insertTestMarket(sql, {
          laneId: "1",
          sessionId,
          bowlerId: bowlerIds[0],
          frame: 3,
        });
        assert.equal((await bet(marketId, 2, "delay-bet-a")).status, 201);
        const r = await suspendForEvent(delayed, { laneId: "1", captureTimeMs: Date.now() });
        assert.equal(r.voidedBetIds.length, 1, "a stricter margin voids a bet a minute old");
        await assertLedgerOk(app);
      });
    } finally {
      await app.close();
    }
  });
}
