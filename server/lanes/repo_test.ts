import assert from "node:assert/strict";
import postgres from "postgres";
import { openTestDb, resetSchema, TEST_DB_KINDS } from "../../tools/postgres.ts";
import { migrate } from "../migrate.ts";
import {
  createLane,
  ensureDefaultLanes,
  getLane,
  listLanes,
  type NewLane,
  updateLane,
} from "./repo.ts";

const CALIBRATION = { foulLine: [[10, 700], [630, 700]], arrows: { y: 520 } };

for (const kind of TEST_DB_KINDS) {
  Deno.test(`lanes repo on ${kind}`, async (t) => {
    await using db = await openTestDb(kind);
    const { sql } = db;
    const step = (name: string, fn: () => Promise<void>) =>
      t.step(name, async () => {
        await resetSchema(sql);
        await migrate(sql);
        await fn();
      });

    await step("createLane() stores a lane and returns it in camelCase", async () => {
      const lane = await createLane(sql, {
        id: "7",
        name: "Lane 7",
        sourceKind: "rtsp",
        sourceUrl: "rtsp://cam-7.local/stream",
        cameraKeyHash: "argon2id$abc",
        calibration: CALIBRATION,
        sortOrder: 7,
      });
      assert.ok(lane);
      assert.deepEqual({ ...lane, createdAt: undefined, updatedAt: undefined }, {
        id: "7",
        name: "Lane 7",
        sortOrder: 7,
        enabled: true,
        hidden: false,
        sourceKind: "rtsp",
        sourceUrl: "rtsp://cam-7.local/stream",
        cameraKeyHash: "argon2id$abc",
        calibration: CALIBRATION,
        publishEpoch: 0,
        createdAt: undefined,
        updatedAt: undefined,
      });
      assert.ok(lane.createdAt instanceof Date);
      assert.deepEqual(await getLane(sql, "7"), lane);
    });

    await step("createLane() fills defaults for optional fields", async () => {
      const lane = await createLane(sql, { id: "1", name: "Lane 1", sourceKind: "whip" });
      assert.equal(lane?.enabled, true);
      assert.equal(lane?.hidden, false);
      assert.equal(lane?.sortOrder, 0);
      assert.equal(lane?.sourceUrl, null);
      assert.equal(lane?.cameraKeyHash, null);
      assert.equal(lane?.calibration, null);
    });

    await step("createLane() returns null for an id that is taken", async () => {
      await createLane(sql, { id: "1", name: "Lane 1", sourceKind: "sim" });
      assert.equal(await createLane(sql, { id: "1", name: "Other", sourceKind: "whip" }), null);
      assert.equal((await getLane(sql, "1"))?.name, "Lane 1");
    });

    await step("the table rejects bad ids, kinds and RTSP lanes without a URL", async () => {
      const bad = [
        { id: "Lane 1", name: "Lane 1", sourceKind: "sim" },
        { id: "2", name: " ", sourceKind: "sim" },
        { id: "3", name: "Lane 3", sourceKind: "hdmi" },
        { id: "4", name: "Lane 4", sourceKind: "rtsp" },
      ] as const;
      for (const lane of bad) {
        await assert.rejects(
          createLane(sql, lane as unknown as NewLane),
          (error) => error instanceof postgres.PostgresError && error.code === "23514",
        );
      }
      assert.deepEqual(await listLanes(sql), []);
    });

    await step("getLane() returns null for an unknown id", async () => {
      assert.equal(await getLane(sql, "nope"), null);
    });

    await step("listLanes() orders by sortOrder, then id", async () => {
      await createLane(sql, { id: "b", name: "B", sourceKind: "sim", sortOrder: 2 });
      await createLane(sql, { id: "c", name: "C", sourceKind: "sim", sortOrder: 1 });
      await createLane(sql, { id: "a", name: "A", sourceKind: "sim", sortOrder: 2 });
      assert.deepEqual((await listLanes(sql)).map((lane) => lane.id), ["c", "a", "b"]);
    });

    await step("updateLane() changes only the given fields and bumps updatedAt", async () => {
      const created = await createLane(sql, {
        id: "3",
        name: "Lane 3",
        sourceKind: "whip",
        cameraKeyHash: "hash",
        calibration: CALIBRATION,
      });
      assert.ok(created);
      const updated = await updateLane(sql, "3", {
        name: "Lane Three",
        enabled: false,
        sourceKind: "rtsp",
        sourceUrl: "rtsp://cam/3",
        calibration: { arrows: { y: 1 } },
      });
      assert.ok(updated);
      assert.equal(updated.name, "Lane Three");
      assert.equal(updated.enabled, false);
      assert.equal(updated.sourceKind, "rtsp");
      assert.equal(updated.sourceUrl, "rtsp://cam/3");
      assert.deepEqual(updated.calibration, { arrows: { y: 1 } });
      assert.equal(updated.cameraKeyHash, "hash");
      assert.deepEqual(updated.createdAt, created.createdAt);
      // Dates carry milliseconds only; compare the microseconds in SQL.
      const [row] = await sql`select updated_at > created_at as bumped from lanes where id = '3'`;
      assert.equal(row.bumped, true);
      assert.deepEqual(await getLane(sql, "3"), updated);
    });

    await step("updateLane() clears a field set to null", async () => {
      await createLane(sql, {
        id: "4",
        name: "Lane 4",
        sourceKind: "whip",
        cameraKeyHash: "hash",
        calibration: CALIBRATION,
      });
      const updated = await updateLane(sql, "4", { cameraKeyHash: null, calibration: null });
      assert.equal(updated?.cameraKeyHash, null);
      assert.equal(updated?.calibration, null);
      const [row] = await sql`select calibration is null as sql_null from lanes where id = '4'`;
      assert.equal(row.sql_null, true);
    });

    await step("updateLane() with an empty patch returns the lane unchanged", async () => {
      const created = await createLane(sql, { id: "5", name: "Lane 5", sourceKind: "sim" });
      assert.deepEqual(await updateLane(sql, "5", {}), created);
      assert.deepEqual(await updateLane(sql, "5", { name: undefined }), created);
    });

    await step("updateLane() returns null for an unknown id", async () => {
      assert.equal(await updateLane(sql, "nope", { name: "X" }), null);
      assert.equal(await updateLane(sql, "nope", {}), null);
    });

    await step("ensureDefaultLanes() creates sim lanes first, then WHIP lanes", async () => {
      const created = await ensureDefaultLanes(sql, { lanes: 6, simLanes: 2 });
      const lanes = await listLanes(sql);
      assert.deepEqual(created, lanes);
      assert.deepEqual(
        lanes.map((l) => [l.id, l.name, l.sourceKind, l.enabled]),
        [
          ["1", "Lane 1", "sim", true],
          ["2", "Lane 2", "sim", true],
          ["3", "Lane 3", "whip", true],
          ["4", "Lane 4", "whip", true],
          ["5", "Lane 5", "whip", true],
          ["6", "Lane 6", "whip", true],
        ],
      );
    });

    await step("ensureDefaultLanes() orders lane 10 after lane 9", async () => {
      await ensureDefaultLanes(sql, { lanes: 12, simLanes: 12 });
      const ids = (await listLanes(sql)).map((lane) => lane.id);
      assert.deepEqual(ids, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]);
    });

    await step("ensureDefaultLanes() does nothing once any lane exists", async () => {
      await ensureDefaultLanes(sql, { lanes: 3, simLanes: 1 });
      assert.deepEqual(await ensureDefaultLanes(sql, { lanes: 3, simLanes: 1 }), []);
      assert.equal((await listLanes(sql)).length, 3);

      await resetSchema(sql);
      await migrate(sql);
      await createLane(sql, { id: "x", name: "Custom", sourceKind: "browser" });
      assert.deepEqual(await ensureDefaultLanes(sql, { lanes: 6, simLanes: 6 }), []);
      assert.deepEqual((await listLanes(sql)).map((lane) => lane.id), ["x"]);
    });

    await step("ensureDefaultLanes() creates lanes once when called concurrently", async () => {
      const other = db.url ? postgres(db.url, { onnotice: () => {} }) : sql;
      try {
        const runs = await Promise.all([
          ensureDefaultLanes(sql, { lanes: 4, simLanes: 1 }),
          ensureDefaultLanes(other, { lanes: 4, simLanes: 1 }),
        ]);
        assert.deepEqual(runs.map((run) => run.length).sort(), [0, 4]);
        assert.equal((await listLanes(sql)).length, 4);
      } finally {
        if (other !== sql) await other.end();
      }
    });

    await step("ensureDefaultLanes() rejects impossible counts", async () => {
      await assert.rejects(ensureDefaultLanes(sql, { lanes: 2, simLanes: 3 }), RangeError);
      await assert.rejects(ensureDefaultLanes(sql, { lanes: -1, simLanes: 0 }), RangeError);
      await assert.rejects(ensureDefaultLanes(sql, { lanes: 1.5, simLanes: 0 }), RangeError);
      assert.deepEqual(await ensureDefaultLanes(sql, { lanes: 0, simLanes: 0 }), []);
    });
  });
}
