import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createTestApp } from "../testing.ts";
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
  return JSON.parse(text);
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`staff market routes on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const { get, post } = client(app);
    const sql = app.deps.db.sql;
    try {
      const staff = await app.as("staff");
      const bettor = await app.as("bettor");
      await fund(app, bettor.id, 2_000);
      const { sessionId, bowlerIds } = await openTestSession(app, "1", ["Ada"]);
      const market = (frame: number, state = "open") =>
        insertTestMarket(sql, { laneId: "1", sessionId, bowlerId: bowlerIds[0], frame, state });
      const bet = (marketId: string, stake: number, key: string) =>
        post("/bets", {
          marketId,
          outcome: "no",
          stake,
          marketVersion: 1,
          idempotencyKey: key,
        }, bettor.headers);

      await t.step("staff suspend an open market once, audited; bets then get 409", async () => {
        const id = await market(1);
        await expectProblem(
          await post(`/markets/${id}/suspend`, {}, bettor.headers),
          403,
          "forbidden",
        );
        const res = await expectJson(await post(`/markets/${id}/suspend`, {}, staff.headers), 200);
        assert.deepEqual([res.market.state, res.market.version], ["suspended", 2]);
        await expectProblem(
          await post(`/markets/${id}/suspend`, {}, staff.headers),
          409,
          "market_state",
        );
        await expectProblem(await bet(id, 100, "after-staff-suspend"), 409, "market-suspended");
        const [audit] = await sql<{ action: string; target_id: string }[]>`
          select action, target_id from audit_log where target_type = 'market'`;
        assert.deepEqual({ ...audit }, { action: "market.suspend", target_id: id });
        await expectProblem(
          await post(`/markets/${crypto.randomUUID()}/suspend`, {}, staff.headers),
          404,
          "unknown_market",
        );
      });

      await t.step("staff void a market with a reason: every open stake comes back", async () => {
        const id = await market(2);
        assert.equal((await bet(id, 300, "void-me-1")).status, 201);
        assert.equal((await bet(id, 200, "void-me-2")).status, 201);
        assert.equal((await app.deps.ledger.balance(sql, bettor.id)).pending, 500);
        await expectProblem(
          await post(`/markets/${id}/void`, { reason: "" }, staff.headers),
          400,
          "invalid_request",
        );
        const res = await expectJson(
          await post(`/markets/${id}/void`, { reason: "Camera blocked" }, staff.headers),
          200,
        );
        assert.deepEqual([res.market.state, res.market.voidReason], ["void", "Camera blocked"]);
        assert.equal(res.market.totalPool, 0, "void bets leave the pools");
        assert.deepEqual(await app.deps.ledger.balance(sql, bettor.id), {
          available: 2_000,
          pending: 0,
          balance: 2_000,
        });
        const voids = await expectJson(await get("/bets?status=void", bettor.headers), 200);
        assert.deepEqual(voids.bets.map((b: { voidReason: string }) => b.voidReason), [
          "market-void",
          "market-void",
        ]);
        await assertLedgerOk(app);
        const before = await moneySnapshot(app);
        await expectProblem(
          await post(`/markets/${id}/void`, { reason: "Again" }, staff.headers),
          409,
          "market_state",
        );
        assert.deepEqual(await moneySnapshot(app), before);
      });

      await t.step("the console lists markets by lane and state", async () => {
        const res = await expectJson(await get("/markets?laneId=1&state=void", staff.headers), 200);
        assert.equal(res.markets.length, 1);
        const all = await expectJson(await get("/markets?limit=1", staff.headers), 200);
        assert.equal(all.markets.length, 1);
        assert.ok(all.next);
        const page2 = await expectJson(
          await get(`/markets?limit=5&before=${all.next}`, staff.headers),
          200,
        );
        assert.equal(page2.markets.length, 1);
        await expectProblem(await get("/markets", bettor.headers), 403, "forbidden");
        const one = await expectJson(await get(`/markets/${all.markets[0].id}`), 200);
        assert.equal(one.market.id, all.markets[0].id);
      });

      await t.step(
        "voiding a determined market reverses its settlement: every stake back",
        async () => {
          const winner = await app.as("bettor", "winner");
          await fund(app, winner.id, 1_000);
          const s = await openTestSession(app, "2", ["Zed"]);
          const id = await insertTestMarket(sql, {
            laneId: "2",
            sessionId: s.sessionId,
            bowlerId: s.bowlerIds[0],
          });
          const place = (who: typeof winner, outcome: string, stake: number, key: string) =>
            post(
              "/bets",
              { marketId: id, outcome, stake, marketVersion: 1, idempotencyKey: key },
              who.headers,
            );
          assert.equal((await place(winner, "yes", 300, "determined-yes")).status, 201);
          assert.equal((await place(bettor, "no", 200, "determined-no")).status, 201);
          await expectJson(await post(`/markets/${id}/suspend`, {}, staff.headers), 200);
          const ball = await post(
            `/sessions/${s.sessionId}/balls`,
            { pinsStanding: [] },
            staff.headers,
          );
          assert.equal(ball.status, 201, await ball.clone().text());
          await app.outbox.drain();
          const determined = await expectJson(await get(`/markets/${id}`), 200);
          assert.deepEqual([determined.market.state, determined.market.result], [
            "determined",
            "yes",
          ]);
          assert.ok((await app.deps.ledger.balance(sql, winner.id)).available > 1_000, "paid");
          const res = await expectJson(
            await post(
              `/markets/${id}/void`,
              { reason: "Wrong lane on the camera" },
              staff.headers,
            ),
            200,
          );
          assert.equal(res.market.state, "void");
          assert.equal((await app.deps.ledger.balance(sql, winner.id)).available, 1_000);
          assert.equal((await app.deps.ledger.balance(sql, bettor.id)).available, 2_000);
          await assertLedgerOk(app);
        },
      );
    } finally {
      await app.close();
    }
  });
}
