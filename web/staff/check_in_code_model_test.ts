import assert from "node:assert/strict";
import type { CheckInCode } from "./staff_api.ts";
import { CheckInCodeModel } from "./check_in_code_model.ts";

function code(n: number, expiresIn = 900): CheckInCode {
  return {
    sessionId: "s1",
    laneId: "1",
    code: `c${n}`,
    url: `http://alley.test/lanes/1/check-in?code=c${n}`,
    qrUrl: `/api/lanes/1/qr?code=c${n}`,
    expiresAt: new Date(Date.UTC(2026, 11, 6, 22) + expiresIn * 1000).toISOString(),
    expiresIn,
  };
}

function setup(fail = false, expiresIn = 900) {
  const calls: string[] = [];
  let n = 0;
  const api = {
    getCheckInCode: (id: string) => {
      calls.push(`get ${id}`);
      return fail ? Promise.reject(new Error("offline")) : Promise.resolve(code(++n, expiresIn));
    },
    rotateCheckInCode: (id: string) => {
      calls.push(`rotate ${id}`);
      return Promise.resolve(code(++n, expiresIn));
    },
  };
  const timers = new Map<number, { run: () => void; ms: number }>();
  let next = 0;
  const model = new CheckInCodeModel({
    sessionId: "s1",
    api,
    setTimer: (run, ms) => (timers.set(++next, { run, ms }), next),
    clearTimer: (id) => timers.delete(id as number),
  });
  const fire = () => {
    const [[id, timer]] = [...timers];
    timers.delete(id);
    timer.run();
  };
  return { model, calls, timers, fire };
}

Deno.test("start() shows the code and fetches a new one when half its lifetime is gone", async () => {
  const { model, calls, timers, fire } = setup(false, 90);
  await model.start();
  assert.equal(model.code.value?.code, "c1");
  assert.deepEqual([...timers.values()].map((t) => t.ms), [45_000]);
  fire();
  await Promise.resolve();
  await Promise.resolve();
  assert.equal(model.code.value?.code, "c2");
  assert.deepEqual(calls, ["get s1", "get s1"]);
  assert.equal(timers.size, 1);
  model.stop();
  assert.equal(timers.size, 0);
});

Deno.test("rotate() replaces the code shown and restarts the refresh clock", async () => {
  const { model, calls, timers } = setup();
  await model.start();
  assert.equal(await model.rotate(), true);
  assert.equal(model.code.value?.code, "c2");
  assert.deepEqual(calls, ["get s1", "rotate s1"]);
  assert.equal(timers.size, 1, "one refresh pending, not two");
  model.stop();
});

Deno.test("a failed fetch shows the error and tries again later", async () => {
  const { model, timers } = setup(true);
  await model.start();
  assert.equal(model.code.value, null);
  assert.match(model.error.value ?? "", /offline/);
  assert.deepEqual([...timers.values()].map((t) => t.ms), [30_000]);
  model.stop();
});

Deno.test("a long-lived code is still fetched again every minute", async () => {
  const { model, timers } = setup();
  await model.start();
  assert.deepEqual([...timers.values()].map((t) => t.ms), [60_000]);
  model.stop();
});
