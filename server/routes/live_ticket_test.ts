import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { standingOf } from "../auth/standing.ts";
import { issueLiveTicket, LIVE_TICKET_TTL_MS, redeemLiveTicket } from "../live/tickets.ts";
import { createTestApp } from "../testing.ts";
import {
  client,
  fund,
  insertTestMarket,
  openTestSession,
  readUntil,
  sseEvents,
} from "../markets/test_fixture.ts";

async function expectProblem(res: Response, status: number, code: string) {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  assert.equal(JSON.parse(text).code, code, text);
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`live tickets on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const { get, post } = client(app);
    try {
      const bettor = await app.as("bettor");
      await fund(app, bettor.id, 5_000);
      const { sessionId, bowlerIds } = await openTestSession(app, "1", ["Ada"]);
      const marketId = await insertTestMarket(app.deps.db.sql, {
        laneId: "1",
        sessionId,
        bowlerId: bowlerIds[0],
      });

      await t.step("a ticket needs a signed-in caller; a bad one is 401", async () => {
        await expectProblem(await post("/live/tickets"), 401, "unauthenticated");
        await expectProblem(await get("/lanes/1/live?ticket=nope"), 401, "live_ticket_invalid");
        await expectProblem(
          await get(`/lanes/1/live?ticket=${"A".repeat(43)}`),
          401,
          "live_ticket_invalid",
        );
      });

      await t.step(
        "the ticket's stream carries the wallet first, then the holder's bets",
        async () => {
          const res = await post("/live/tickets", undefined, bettor.headers);
          assert.equal(res.status, 201);
          const { ticket, expiresAt } = await res.json();
          assert.ok(Date.parse(expiresAt) > Date.now());
          const ac = new AbortController();
          const stream = await app.app.request(`/api/lanes/1/live?ticket=${ticket}`, {
            signal: ac.signal,
          });
          assert.equal(stream.status, 200);
          const reader = stream.body!.getReader();
          try {
            let text = await readUntil(reader, (s) => /event: wallet/.test(s));
            assert.deepEqual(sseEvents(text).map((e) => e.type), ["session", "wallet"]);
            assert.equal((sseEvents(text)[1].data as { available: number }).available, 5_000);
            const placed = await post("/bets", {
              marketId,
              outcome: "yes",
              stake: 700,
              marketVersion: 1,
              idempotencyKey: "live-ticket-bet",
            }, bettor.headers);
            assert.equal(placed.status, 201);
            text += await readUntil(reader, (s) => /event: market/.test(s) && /event: bet/.test(s));
            const events = sseEvents(text);
            const bet = events.find((e) => e.type === "bet")!.data as { stake: number };
            assert.equal(bet.stake, 700);
            text += await readUntil(
              reader,
              (s) => sseEvents(text + s).filter((e) => e.type === "wallet").length >= 2,
            );
            const wallets = sseEvents(text).filter((e) => e.type === "wallet");
            const wallet = wallets.at(-1)!.data as { available: number; pending: number };
            assert.deepEqual([wallet.available, wallet.pending], [4_300, 700]);
            const market = events.find((e) => e.type === "market")!.data as { totalPool: number };
            assert.equal(market.totalPool, 700);
          } finally {
            ac.abort();
            await reader.cancel().catch(() => {});
          }
          await expectProblem(
            await get(`/lanes/1/live?ticket=${ticket}`),
            401,
            "live_ticket_invalid",
          );
          // Let the throttled pool push's trailing timer (if any) run out before the test ends.
          await new Promise((r) => setTimeout(r, app.deps.config.MARKET_POOL_PUSH_MS + 50));
        },
      );

      await t.step("a ticket is good once and only until it expires", async () => {
        const standing = standingOf(app.deps);
        const { ticket } = await issueLiveTicket(app.deps.kv, bettor);
        await assert.rejects(
          redeemLiveTicket(app.deps.kv, standing, ticket, Date.now() + LIVE_TICKET_TTL_MS),
          /expired or already used/,
        );
        const fresh = await issueLiveTicket(app.deps.kv, bettor);
        assert.equal(await redeemLiveTicket(app.deps.kv, standing, fresh.ticket), bettor.id);
        await assert.rejects(redeemLiveTicket(app.deps.kv, standing, fresh.ticket), /already used/);
      });
    } finally {
      await app.close();
    }
  });
}
