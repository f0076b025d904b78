import assert from "node:assert/strict";
import { ApiError } from "../api.ts";
import type { LimitKey, Limits } from "./money_api.ts";
import { LimitsModel } from "./limits_model.ts";

const NOW = Date.parse("2026-12-07T08:00:00Z");

function setup(start: Partial<Limits> = {}) {
  const state: Limits = { limits: {}, timeOutUntil: null, selfExcludedUntil: null, ...start };
  const puts: Partial<Record<LimitKey, number | null>>[] = [];
  const excluded: number[] = [];
  const model = new LimitsModel({
    now: () => NOW,
    api: {
      limits: () => Promise.resolve(structuredClone(state)),
      setLimits: (changes) => {
        puts.push(changes);
        for (const [k, v] of Object.entries(changes)) {
          const old = state.limits[k as LimitKey]?.amount ?? null;
          if (v !== null && old !== null && v > old) {
            state.limits[k as LimitKey] = {
              amount: old,
              pending: { amount: v, from: "2026-12-08T08:00:00Z" },
              used: 0,
            };
          } else {state.limits[k as LimitKey] = v === null
              ? null
              : { amount: v, pending: null, used: 0 };}
        }
        return Promise.resolve(state);
      },
      timeOut: (days) => {
        state.timeOutUntil = new Date(NOW + days * 86_400_000).toISOString();
        return Promise.resolve({});
      },
      selfExclude: (days) => {
        excluded.push(days);
        state.selfExcludedUntil = new Date(NOW + days * 86_400_000).toISOString();
        return Promise.resolve({});
      },
    },
  });
  return { model, puts, excluded, state };
}

Deno.test("LimitsModel saves only the limits that changed, in minor units, empty as null", async () => {
  const s = setup({ limits: { depositDaily: { amount: 5000, pending: null, used: 1000 } } });
  await s.model.load();
  assert.equal(s.model.drafts.depositDaily.value, "50");
  s.model.drafts.depositWeekly.value = "200";
  s.model.drafts.depositDaily.value = "";
  await s.model.save();
  assert.deepEqual(s.puts, [{ depositDaily: null, depositWeekly: 20000 }]);
  assert.match(s.model.notice.value!, /after 24 hours/);
  await s.model.save();
  assert.equal(s.puts.length, 1, "nothing changed: nothing sent");
});

Deno.test("LimitsModel shows a raise as pending and keeps the limit in force in the form", async () => {
  const s = setup({ limits: { depositDaily: { amount: 2000, pending: null, used: 0 } } });
  await s.model.load();
  s.model.drafts.depositDaily.value = "100";
  await s.model.save();
  const daily = s.model.data.value!.limits.depositDaily!;
  assert.equal(daily.amount, 2000);
  assert.deepEqual(daily.pending, { amount: 10000, from: "2026-12-08T08:00:00Z" });
  assert.equal(s.model.drafts.depositDaily.value, "20");
});

Deno.test("LimitsModel refuses a limit that is not an amount without calling the API", async () => {
  const s = setup();
  await s.model.load();
  s.model.drafts.lossDaily.value = "lots";
  await s.model.save();
  assert.match(s.model.error.value!, /Loss limit per day: enter an amount/);
  assert.equal(s.puts.length, 0);
});

Deno.test("LimitsModel: a time-out of 1–42 days pauses the account", async () => {
  const s = setup();
  await s.model.load();
  s.model.timeOutDays.value = "43";
  await s.model.timeOut();
  assert.match(s.model.error.value!, /1 to 42 days/);
  s.model.timeOutDays.value = "7";
  await s.model.timeOut();
  assert.equal(s.model.pause.value?.kind, "time-out");
});

Deno.test("LimitsModel: self-exclusion needs the irreversible box ticked", async () => {
  const s = setup();
  await s.model.load();
  s.model.exclusionDays.value = 365;
  await s.model.selfExclude();
  assert.deepEqual(s.excluded, []);
  assert.match(s.model.error.value!, /cannot be undone/);
  s.model.understood.value = true;
  await s.model.selfExclude();
  assert.deepEqual(s.excluded, [365]);
  assert.equal(s.model.pause.value?.kind, "self-exclusion");
  assert.equal(s.model.understood.value, false);
});

Deno.test("LimitsModel marks the settings unavailable when the server has no limits routes", async () => {
  const model = new LimitsModel({
    api: {
      limits: () => Promise.reject(new ApiError({ status: 404, code: "not_found" })),
      setLimits: () => Promise.reject(new Error()),
      timeOut: () => Promise.reject(new Error()),
      selfExclude: () => Promise.reject(new Error()),
    },
  });
  await model.load();
  assert.equal(model.unavailable.value, true);
  assert.equal(model.error.value, null);
});
