import assert from "node:assert/strict";
import { openTestDb, resetSchema, TEST_DB_KINDS } from "../../tools/postgres.ts";
import { migrate } from "../migrate.ts";
import { ensureDefaultLanes } from "../lanes/repo.ts";
import type { Sql } from "../db.ts";
import { claimLeases, leaseOverview, MAX_SIDECARS, releaseSidecar } from "./leases.ts";

const TTL = 60_000;
const LANES = ["1", "2", "3", "4", "5", "6"];
const ask = (sidecarId: string, capacity = 8, lanes = LANES) => ({ sidecarId, capacity, lanes });

/** The sidecar stops renewing: its leases and entry run out (as they would after the TTL). */
async function expire(sql: Sql, sidecarId: string) {
  await sql`update inference_leases set expires_at = now() - interval '1 second'
    where sidecar_id = ${sidecarId}`;
  await sql`update inference_sidecars set expires_at = now() - interval '1 second'
    where id = ${sidecarId}`;
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`inference leases on ${kind}`, async (t) => {
    await using db = await openTestDb(kind);
    const { sql } = db;
    const step = (name: string, fn: () => Promise<void>) =>
      t.step(name, async () => {
        await resetSchema(sql);
        await migrate(sql);
        await ensureDefaultLanes(sql, { lanes: 6, simLanes: 6 });
        await fn();
      });

    await step("sidecar entries are capped; one not seen for a day is forgotten", async () => {
      for (let i = 0; i < MAX_SIDECARS; i++) await claimLeases(sql, ask(`s${i}`, 0), TTL);
      await assert.rejects(
        claimLeases(sql, ask("one-more", 0), TTL),
        (err: { code?: string }) => err.code === "too_many_sidecars",
      );
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from inference_sidecars`;
      assert.equal(row.n, MAX_SIDECARS);
      // A known one still renews; a day-old one makes room.
      await claimLeases(sql, ask("s0", 0), TTL);
      await sql`update inference_sidecars set seen_at = now() - interval '25 hours' where id = 's1'`;
      await claimLeases(sql, ask("one-more", 0), TTL);
      const ids = (await sql<{ id: string }[]>`select id from inference_sidecars`).map((r) => r.id);
      assert.ok(ids.includes("one-more") && !ids.includes("s1"));
    });

    await step("a lone sidecar leases every lane it asks for", async () => {
      const got = await claimLeases(sql, ask("a"), TTL);
      assert.deepEqual(got, { lanes: LANES, ttlMs: TTL, sidecars: 1 });
    });

    await step("a sidecar refuses lanes beyond its capacity and another takes them", async () => {
      assert.deepEqual((await claimLeases(sql, ask("a", 4), TTL)).lanes, ["1", "2", "3", "4"]);
      assert.deepEqual((await claimLeases(sql, ask("b", 4), TTL)).lanes, ["5", "6"]);
      assert.deepEqual((await leaseOverview(sql)).unwatched, []);
    });

    await step("only lanes on the air count against the capacity", async () => {
      const live = ["1", "2", "3"];
      const got = await claimLeases(sql, { ...ask("a", 2), live }, TTL);
      assert.deepEqual(got.lanes, ["1", "2", "4", "5", "6"]);
      // Lane 4 goes on the air: over capacity, the sidecar lets it go for another.
      const more = await claimLeases(sql, { ...ask("a", 2), live: [...live, "4"] }, TTL);
      assert.deepEqual(more.lanes, ["1", "2", "5", "6"]);
      const other = await claimLeases(sql, { ...ask("b", 2), live: [...live, "4"] }, TTL);
      assert.deepEqual(other.lanes, ["3", "4"]);
    });

    await step("two sidecars split the lanes: the first lets half go to the second", async () => {
      assert.equal((await claimLeases(sql, ask("a"), TTL)).lanes.length, 6);
      assert.deepEqual((await claimLeases(sql, ask("b"), TTL)).lanes, []);
      assert.deepEqual((await claimLeases(sql, ask("a"), TTL)).lanes, ["1", "2", "3"]);
      // The first does not take its lanes back while the second is below its share.
      assert.deepEqual((await claimLeases(sql, ask("a"), TTL)).lanes, ["1", "2", "3"]);
      assert.deepEqual((await claimLeases(sql, ask("b"), TTL)).lanes, ["4", "5", "6"]);
      assert.deepEqual((await claimLeases(sql, ask("a"), TTL)).lanes, ["1", "2", "3"]);
    });

    await step("a lane is never leased to two sidecars at once", async () => {
      await Promise.all(["a", "b", "c"].map((id) => claimLeases(sql, ask(id), TTL)));
      for (let i = 0; i < 3; i++) {
        await Promise.all(["a", "b", "c"].map((id) => claimLeases(sql, ask(id), TTL)));
      }
      const rows = await sql<{ lane_id: string; sidecar_id: string }[]>`
        select lane_id, sidecar_id from inference_leases order by lane_id`;
      assert.deepEqual(rows.map((r) => r.lane_id), LANES);
      const per = Object.groupBy(rows, (r) => r.sidecar_id);
      assert.deepEqual(Object.values(per).map((r) => r!.length), [2, 2, 2]);
    });

    await step("a sidecar that stops renewing hands its lanes to the other", async () => {
      await claimLeases(sql, ask("a"), TTL);
      await claimLeases(sql, ask("b"), TTL);
      await claimLeases(sql, ask("a"), TTL);
      assert.deepEqual((await claimLeases(sql, ask("b"), TTL)).lanes, ["4", "5", "6"]);
      await expire(sql, "b");
      assert.deepEqual(await claimLeases(sql, ask("a"), TTL), {
        lanes: LANES,
        ttlMs: TTL,
        sidecars: 1,
      });
      const view = await leaseOverview(sql);
      assert.deepEqual(
        view.sidecars.map((s) => [s.id, s.live, s.lanes]),
        [["a", true, LANES], ["b", false, []]],
      );
    });

    await step("a sidecar that stops cleanly lets its lanes go at once", async () => {
      await claimLeases(sql, ask("a", 3), TTL);
      await releaseSidecar(sql, "a");
      assert.deepEqual((await leaseOverview(sql)).unwatched, LANES);
      assert.deepEqual((await claimLeases(sql, ask("b"), TTL)).lanes, LANES);
    });

    await step("lanes that are gone, disabled or no longer asked for are let go", async () => {
      await claimLeases(sql, ask("a", 8, ["1", "2", "nope"]), TTL);
      await sql`update lanes set enabled = false where id = '2'`;
      assert.deepEqual((await claimLeases(sql, ask("a", 8, ["1", "2", "nope"]), TTL)).lanes, ["1"]);
      assert.deepEqual((await claimLeases(sql, ask("a", 8, ["3"]), TTL)).lanes, ["3"]);
    });

    await step("the sidecar's last status is kept for the console", async () => {
      await claimLeases(sql, { ...ask("a"), status: { provider: "cpu" } }, TTL);
      const [s] = (await leaseOverview(sql)).sidecars;
      assert.deepEqual([s.id, s.capacity, s.status], ["a", 8, { provider: "cpu" }]);
    });
  });
}
