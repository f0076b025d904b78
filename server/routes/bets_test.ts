import assert from "node:assert/strict";
import { MAX_STAKE } from "../../core/markets.ts";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createTestApp } from "../testing.ts";
import { suspendForEvent } from "../markets/suspend.ts";
import {
  assertLedgerOk,
  client,
  fund,
  insertTestMarket,
  moneySnapshot,
  openTestSession,
} from "../markets/test_fixture.ts";

async function expectProblem(res: Response, status: number, code: string) {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  const body = JSON.parse(text);
  assert.equal(body.code, code, text);
  return body;
}

async function expectJson(res: Response, status: number) {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  return JSON.parse(text);
}

let keys = 0;
const key = () => `key-${Date.now()}-${++keys}`;

for (const kind of TEST_DB_KINDS) {
  Deno.test(`bet routes on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const { get, post } = client(app);
    const sql = app.deps.db.sql;
    try {
      const { sessionId, bowlerIds } = await openTestSession(app, "1", ["Ada"]);
      const marketId = await insertTestMarket(sql, {
        laneId: "1",
        sessionId,
        bowlerId: bowlerIds[0],
      });
      const bettor = await app.as("bettor");
      const other = await app.as("bettor", "other-bettor");
      await fund(app, bettor.id, 10_000);
      const body = (extra: Record<string, unknown> = {}) => ({
        marketId,
        outcome: "yes",
        stake: 500,
        marketVersion: 1,
        idempotencyKey: key(),
        ...extra,
      });

      await t.step("bad bets are 4xx problems and leave the ledger untouched", async () => {
        const before = await moneySnapshot(app);
        const cases: [unknown, Record<string, string>, number, string][] = [
          [body({ stake: -500 }), bettor.headers, 400, "invalid_request"],
          [body({ stake: 0 }), bettor.headers, 400, "invalid_request"],
          [body({ stake: 1.5 }), bettor.headers, 400, "invalid_request"],
          [body({ stake: MAX_STAKE + 1 }), bettor.headers, 400, "invalid_request"],
          [body({ stake: 1e308 }), bettor.headers, 400, "invalid_request"],
          [body({ stake: "500" }), bettor.headers, 400, "invalid_request"],
          [body({ stake: null }), bettor.headers, 400, "invalid_request"],
          [body({ extra: 1 }), bettor.headers, 400, "invalid_request"],
          [body({ marketId: "not-a-uuid" }), bettor.headers, 400, "invalid_request"],
          [body({ marketId: crypto.randomUUID() }), bettor.headers, 404, "unknown_market"],
          [body({ outcome: "over" }), bettor.headers, 400, "unknown_outcome"],
          [body({ marketVersion: 2 }), bettor.headers, 409, "market-version-stale"],
          [body({ stake: 10_001 }), bettor.headers, 422, "insufficient-funds"],
          [body({ stake: 500 }), other.headers, 422, "insufficient-funds"],
          [body(), {}, 401, "unauthenticated"],
          [body(), (await app.as("staff")).headers, 403, "staff_may_not_bet"],
          [body(), (await app.as("admin")).headers, 403, "staff_may_not_bet"],
          [body(), (await app.as("spectator")).headers, 403, "not_a_bettor"],
          [body({ stake: "lots" }), (await app.as("staff")).headers, 403, "staff_may_not_bet"],
        ];
        for (const [b, headers, status, code] of cases) {
          const problem = await expectProblem(await post("/bets", b, headers), status, code);
          if (code === "market-version-stale") {
            assert.equal(problem.version, 1);
            assert.equal(problem.state, "open");
          }
          assert.deepEqual(await moneySnapshot(app), before, `${code} changed money`);
          await assertLedgerOk(app);
        }
      });

      let first: { id: string; stake: number };
      await t.step("a bet holds its stake and answers 201 with the bet", async () => {
        const b = body();
        const res = await expectJson(await post("/bets", b, bettor.headers), 201);
        first = res.bet;
        assert.equal(res.bet.state, "open");
        assert.equal(res.bet.stake, 500);
        assert.equal(res.bet.market.ball.bowler.name, "Ada");
        assert.deepEqual(await app.deps.ledger.balance(sql, bettor.id), {
          available: 9_500,
          pending: 500,
          balance: 10_000,
        });
        const again = await expectJson(await post("/bets", b, bettor.headers), 200);
        assert.equal(again.bet.id, res.bet.id, "the same key returns the first bet");
        const before = await moneySnapshot(app);
        await expectProblem(
          await post("/bets", { ...b, stake: 600 }, bettor.headers),
          400,
          "idempotency_key_reused",
        );
        assert.deepEqual(await moneySnapshot(app), before);
      });

      await t.step("the same key sent at once places one bet", async () => {
        const b = body({ stake: 100 });
        const answers = await Promise.all(
          Array.from({ length: 6 }, () => post("/bets", b, bettor.headers)),
        );
        const bets = await Promise.all(answers.map((r) => r.json()));
        assert.deepEqual(answers.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 201]);
        assert.equal(new Set(bets.map((x) => x.bet.id)).size, 1);
        assert.equal((await app.deps.ledger.balance(sql, bettor.id)).pending, 600);
      });

      await t.step("bets are the caller's own: someone else's bet is 404", async () => {
        const mine = await expectJson(await get("/bets?status=open", bettor.headers), 200);
        assert.equal(mine.bets.length, 2);
        const one = await expectJson(await get(`/bets/${first.id}`, bettor.headers), 200);
        assert.equal(one.bet.id, first.id);
        await expectProblem(await get(`/bets/${first.id}`, other.headers), 404, "unknown_bet");
        await expectProblem(await get(`/bets/nope`, other.headers), 404, "unknown_bet");
        await expectProblem(await get(`/bets/${first.id}`), 401, "unauthenticated");
        const none = await expectJson(await get("/bets", other.headers), 200);
        assert.deepEqual(none.bets, []);
        await expectProblem(await get("/bets?status=won", bettor.headers), 400, "invalid_request");
      });

      await t.step("a lane's markets show the pools the bets made", async () => {
        const res = await expectJson(await get("/lanes/1/markets"), 200);
        assert.equal(res.markets.length, 1);
        assert.deepEqual(res.markets[0].outcomes.map((o: { pool: number }) => o.pool), [600, 0]);
        await expectProblem(await get("/lanes/nope/markets"), 404, "unknown_lane");
      });

      await t.step(
        "a bet after the approach event is refused with 409 market-suspended",
        async () => {
          const r = await suspendForEvent(app.deps, { laneId: "1", captureTimeMs: Date.now() });
          assert.deepEqual(r.marketIds, [marketId]);
          assert.deepEqual(r.voidedBetIds, [], "bets placed before the approach stand");
          const before = await moneySnapshot(app);
          const p = await expectProblem(
            await post("/bets", body({ marketVersion: 2 }), bettor.headers),
            409,
            "market-suspended",
          );
          assert.equal(p.state, "suspended");
          assert.equal(p.version, 2);
          assert.deepEqual(await moneySnapshot(app), before);
        },
      );
    } finally {
      await app.close();
    }
  });
}
