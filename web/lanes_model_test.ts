import assert from "node:assert/strict";
import { ApiError, type LaneSummary } from "./api.ts";
import { LanesModel } from "./lanes_model.ts";

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function scriptedApi(answers: (LaneSummary[] | Error)[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    listLanes() {
      const answer = answers[Math.min(calls++, answers.length - 1)];
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
}

Deno.test("LanesModel polls the lanes and counts the live ones", async () => {
  const first = [{ id: "1", name: "Lane 1", live: true }, { id: "2", name: "Lane 2", live: false }];
  const second = [{ id: "1", name: "Lane 1", live: true }, { id: "2", name: "Lane 2", live: true }];
  const api = scriptedApi([first, second]);
  const model = new LanesModel({ api, pollMs: 5, document: undefined });
  model.start();
  await delay(1);
  assert.deepEqual(model.lanes.value, first);
  assert.equal(model.liveCount.value, 1);
  await delay(30);
  model.stop();
  assert.ok(api.calls >= 2);
  assert.deepEqual(model.lanes.value, second);
  assert.equal(model.liveCount.value, 2);
});

Deno.test("LanesModel keeps the same array when a poll brings no change", async () => {
  const lanes = [{ id: "1", name: "Lane 1", live: true }];
  const model = new LanesModel({ api: scriptedApi([lanes, [...lanes.map((l) => ({ ...l }))]]) });
  await model.refresh();
  const before = model.lanes.value;
  await model.refresh();
  assert.equal(model.lanes.value, before);
});

Deno.test("LanesModel shows the error detail and keeps the last lanes", async () => {
  const lanes = [{ id: "1", name: "Lane 1", live: true }];
  const api = scriptedApi([
    lanes,
    new ApiError({ status: 503, detail: "Database is starting" }),
    lanes,
  ]);
  const model = new LanesModel({ api });
  await model.refresh();
  await model.refresh();
  assert.equal(model.error.value, "Database is starting");
  assert.deepEqual(model.lanes.value, lanes);
  await model.refresh();
  assert.equal(model.error.value, null);
});

Deno.test("LanesModel.lane() follows one lane by id", async () => {
  const model = new LanesModel({
    api: scriptedApi([[{ id: "3", name: "Lane 3", live: false }]]),
  });
  const lane = model.lane("3");
  assert.equal(lane.value, undefined);
  await model.refresh();
  assert.deepEqual(lane.value, { id: "3", name: "Lane 3", live: false });
});

Deno.test("LanesModel knows a lane is unknown only once the list has loaded", async () => {
  const api = scriptedApi([[{ id: "1", name: "Lane 1", live: true }]]);
  const model = new LanesModel({ api, pollMs: 1_000, document: undefined });
  assert.equal(model.unknown("9"), false, "not before the list is read");
  model.start();
  await delay(1);
  model.stop();
  assert.equal(model.unknown("9"), true);
  assert.equal(model.unknown("1"), false);
});

Deno.test("LanesModel takes a new list when only a lane's game or viewers change", async () => {
  const lanes: LaneSummary[] = [{ id: "1", name: "Lane 1", live: true, viewers: 2, game: null }];
  const game = { openPlay: false, frame: 3, bowlers: [{ name: "Ada", total: 40, up: true }] };
  const model = new LanesModel({
    api: scriptedApi([
      lanes,
      [{ ...lanes[0], viewers: 3 }],
      [{ ...lanes[0], viewers: 3, game: { ...game, lastBall: null } }],
    ]),
  });
  await model.refresh();
  await model.refresh();
  assert.equal(model.lanes.value?.[0].viewers, 3);
  await model.refresh();
  assert.equal(model.lanes.value?.[0].game?.bowlers[0].name, "Ada");
});
