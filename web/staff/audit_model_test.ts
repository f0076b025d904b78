import assert from "node:assert/strict";
import { AuditModel, dayRange } from "./audit_model.ts";
import type { StaffApi } from "./staff_api.ts";

Deno.test("days become the instants from the first day's start to the day after the last", () => {
  const { since, until } = dayRange("2026-12-01", "2026-12-07");
  assert.equal(since, new Date(2026, 11, 1).toISOString());
  assert.equal(until, new Date(2026, 11, 8).toISOString());
  assert.deepEqual(dayRange("", "soon"), { since: undefined, until: undefined });
});

Deno.test("the list asks with the filters set, and without the empty ones", async () => {
  const asked: unknown[] = [];
  const api: Pick<StaffApi, "listAudit"> = {
    listAudit: (filter) => {
      asked.push(filter);
      return Promise.resolve({ entries: [], next: null });
    },
  };
  const model = new AuditModel(api);
  model.actor.value = "  ann ";
  model.laneId.value = "2";
  model.action.value = "session.correct";
  await model.list.reload();
  assert.deepEqual(asked[0], {
    before: undefined,
    limit: 50,
    action: "session.correct",
    actor: "ann",
    laneId: "2",
    since: undefined,
    until: undefined,
  });
  model.clear();
  assert.deepEqual(model.filter(), {
    action: undefined,
    actor: undefined,
    laneId: undefined,
    since: undefined,
    until: undefined,
  });
});
