import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { recordAudit } from "../audit/log.ts";
import { createTestApp } from "../testing.ts";
import { call, expectJson, expectProblem } from "../users/testing.ts";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`/api/audit on ${kind}`, async (t) => {
    const { app, deps, as, close } = await createTestApp(kind);
    const list = (qs: string, token?: string) =>
      call(app, "GET", `/api/audit${qs}`, undefined, { token });
    try {
      const admin = await as("admin");
      const staff = await as("staff");
      const target = await as("spectator");
      for (const role of ["staff", "bettor", "admin"] as const) {
        await expectJson(
          await call(app, "PATCH", `/api/users/${target.id}`, { role }, { token: admin.token }),
          200,
        );
      }
      await recordAudit(deps.db.sql, {
        actor: null,
        action: "lane.create",
        targetType: "lane",
        targetId: "9",
        detail: { name: "Lane 9" },
      });

      await t.step("staff and admins read entries newest first; others may not", async () => {
        for (const token of [staff.token, admin.token]) {
          const page = await expectJson(await list("", token), 200);
          assert.deepEqual(page.entries.map((e: { action: string }) => e.action), [
            "lane.create",
            "user.role",
            "user.role",
            "user.role",
          ]);
          assert.equal(page.next, null);
          const [system, last] = page.entries;
          assert.equal(system.actor, null);
          assert.deepEqual(last.actor, {
            id: admin.id,
            email: admin.email,
            role: "admin",
            name: "admin",
          });
          assert.deepEqual(last.detail, { from: "bettor", to: "admin" });
          assert.equal(last.targetType, "user");
          assert.equal(last.targetId, target.id);
          assert.ok(!Number.isNaN(Date.parse(last.at)));
        }
        await expectProblem(await list("", (await as("bettor")).token), 403, "forbidden");
        // The target was made admin above: its token carries the role it has now.
        await expectJson(await list("", target.token), 200);
        await expectProblem(
          await list("", (await as("spectator", "other")).token),
          403,
          "forbidden",
        );
        await expectProblem(await list(""), 401, "unauthenticated");
      });

      await t.step(
        "filters by action, target type and target id, and pages with before",
        async () => {
          const byAction = await expectJson(await list("?action=user.role", staff.token), 200);
          assert.equal(byAction.entries.length, 3);
          const byTarget = await expectJson(
            await list(`?targetType=lane&targetId=9`, staff.token),
            200,
          );
          assert.deepEqual(byTarget.entries.map((e: { action: string }) => e.action), [
            "lane.create",
          ]);
          const none = await expectJson(
            await list(`?targetId=${encodeURIComponent("' or 1=1 --")}`, staff.token),
            200,
          );
          assert.deepEqual(none.entries, []);
          const p1 = await expectJson(await list("?limit=3", staff.token), 200);
          assert.equal(p1.next, p1.entries[2].id);
          const p2 = await expectJson(await list(`?limit=3&before=${p1.next}`, staff.token), 200);
          assert.equal(p2.entries.length, 1);
          assert.deepEqual(p2.entries[0].detail, { from: "spectator", to: "staff" });
          assert.equal(p2.next, null);
        },
      );

      await t.step(
        "entries carry the names a person reads: actor, target user or lane",
        async () => {
          const page = await expectJson(await list("", staff.token), 200);
          const [lane, role] = page.entries;
          assert.equal(lane.targetName, null, "lane 9 does not exist: no name");
          assert.equal(lane.laneId, "9");
          assert.equal(role.actor.name, "admin");
          assert.equal(role.targetName, "spectator");
          assert.equal(role.laneId, null);
          await recordAudit(deps.db.sql, {
            actor: null,
            action: "lane.update",
            targetType: "lane",
            targetId: "1",
            detail: {},
          });
          const [update] = (await expectJson(await list("?limit=1", staff.token), 200)).entries;
          assert.equal(update.targetName, "Lane 1");
        },
      );

      await t.step("filters by actor, lane (its sessions and markets too) and time", async () => {
        const opened = await expectJson(
          await call(app, "POST", "/api/lanes/2/sessions", { bowlers: [{ name: "Ben" }] }, {
            token: staff.token,
          }),
          201,
        );
        await recordAudit(deps.db.sql, {
          actor: null,
          action: "market.void",
          targetType: "market",
          targetId: "m-1",
          detail: { laneId: "2" },
        });
        const actions = (page: { entries: { action: string }[] }) =>
          page.entries.map((e) => e.action);
        const lane2 = await expectJson(await list("?laneId=2", staff.token), 200);
        assert.deepEqual(actions(lane2), ["market.void", "session.open"]);
        assert.equal(lane2.entries[1].targetId, opened.id);
        assert.deepEqual(actions(await expectJson(await list("?laneId=3", staff.token), 200)), []);

        const byName = await expectJson(await list("?actor=ADM", staff.token), 200);
        assert.deepEqual(actions(byName), ["user.role", "user.role", "user.role"]);
        const byEmail = await expectJson(
          await list(`?actor=${encodeURIComponent("staff@test")}`, staff.token),
          200,
        );
        assert.deepEqual(actions(byEmail), ["session.open"]);
        const wild = await expectJson(await list("?actor=%25", staff.token), 200);
        assert.deepEqual(wild.entries, [], "% is a character, not a wildcard");

        const future = new Date(Date.now() + 3_600_000).toISOString();
        const past = new Date(Date.now() - 3_600_000).toISOString();
        assert.deepEqual(
          (await expectJson(await list(`?since=${encodeURIComponent(future)}`, staff.token), 200))
            .entries,
          [],
        );
        assert.deepEqual(
          (await expectJson(await list(`?until=${encodeURIComponent(past)}`, staff.token), 200))
            .entries,
          [],
        );
        const window = `?since=${encodeURIComponent(past)}&until=${encodeURIComponent(future)}`;
        assert.equal((await expectJson(await list(window, staff.token), 200)).entries.length, 7);
      });

      await t.step("bad queries are 400 problems", async () => {
        for (
          const qs of [
            "?limit=0",
            "?limit=1000",
            "?limit=x",
            "?before=abc",
            "?before=-1",
            `?action=${"a".repeat(101)}`,
            "?since=yesterday",
            "?until=2026-13-01",
            `?actor=${"a".repeat(101)}`,
          ]
        ) {
          await expectProblem(await list(qs, staff.token), 400, "invalid_request");
        }
      });
    } finally {
      await close();
    }
  });
}
