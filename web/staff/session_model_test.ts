import assert from "node:assert/strict";
import { FULL_RACK, standingOf } from "../../core/pins.ts";
import { ApiError } from "../api.ts";
import { rackFaced, SessionModel } from "./session_model.ts";
import type { SessionSheet, SheetBall } from "./staff_api.ts";

const BOWLER = "00000000-0000-4000-8000-000000000001";

function ball(id: string, pinsStanding: number[], extra: Partial<SheetBall> = {}): SheetBall {
  return {
    id,
    pinsStanding,
    standing: standingOf(pinsStanding),
    foul: false,
    pins: 0,
    mark: "",
    split: false,
    source: "manual",
    corrected: false,
    confidence: null,
    shotId: null,
    ...extra,
  };
}

function sheet(id: string, turn: SessionSheet["turn"], balls: SheetBall[] = []): SessionSheet {
  return {
    id,
    laneId: "1",
    status: "open",
    openedAt: "2026-01-01T00:00:00Z",
    closedAt: null,
    bowlers: [{
      id: BOWLER,
      position: 1,
      name: "Ada",
      userId: null,
      frames: [{ number: 1, balls, score: null, total: null, complete: false }],
      total: 0,
      complete: false,
      next: turn,
      removed: false,
    }],
    turn,
    complete: false,
  };
}

function fakeApi(first: SessionSheet) {
  const calls: { name: string; args: unknown[] }[] = [];
  let current = first;
  const api = {
    getSession: () => Promise.resolve(current),
    addBall: (...args: unknown[]) => {
      calls.push({ name: "addBall", args });
      current = sheet(first.id, { bowlerId: BOWLER, frame: 1, ball: 2, pinsStanding: [7, 10] });
      return Promise.resolve(current);
    },
    correctBall: (...args: unknown[]) => {
      calls.push({ name: "correctBall", args });
      return Promise.resolve(current);
    },
    history: () => Promise.resolve([]),
    closeSession: () => Promise.resolve({ ...current, status: "closed" as const, turn: null }),
    claimSession: (...args: unknown[]) => {
      calls.push({ name: "claimSession", args });
      current = { ...current, openPlay: false };
      return Promise.resolve(current);
    },
    removeBowler: (...args: unknown[]) => {
      calls.push({ name: "removeBowler", args });
      current = {
        ...current,
        bowlers: current.bowlers.map((b) => ({ ...b, removed: true, next: null })),
        turn: null,
      };
      return Promise.resolve(current);
    },
    liveUrl: (laneId: string) => `/api/lanes/${laneId}/live`,
  };
  return { api, calls };
}

Deno.test("rackFaced() is a full rack first and after a clear deck, else what stood", () => {
  const strike = ball("a", []);
  const leave = ball("b", [7, 10]);
  assert.equal(rackFaced([strike], 0), FULL_RACK);
  assert.equal(rackFaced([leave, ball("c", [10])], 1), standingOf([7, 10]));
  assert.equal(rackFaced([strike, ball("c", [])], 1), FULL_RACK, "10th frame after a strike");
});

Deno.test("enterBall() sends the rack minus the tapped pins and clears the taps", async () => {
  const start = sheet("s1", {
    bowlerId: BOWLER,
    frame: 1,
    ball: 1,
    pinsStanding: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  });
  const { api, calls } = fakeApi(start);
  const model = new SessionModel({ sessionId: "s1", api, fetch: () => new Promise(() => {}) });
  await model.reload();
  assert.equal(model.facing.value, FULL_RACK);
  assert.deepEqual(model.up.value, { name: "Ada", frame: 1, ball: 1 });
  model.fallen.value = FULL_RACK & ~standingOf([7, 10]);
  assert.equal(await model.enterBall(), true);
  assert.deepEqual(calls, [{
    name: "addBall",
    args: ["s1", { pinsStanding: [7, 10], foul: false }],
  }]);
  assert.equal(model.fallen.value, 0);
  assert.equal(model.facing.value, standingOf([7, 10]));
});

Deno.test("a correction starts from what the ball says and sends the reason", async () => {
  const first = ball("b1", [7, 10]);
  const second = ball("b2", [7]);
  const start = sheet("s1", { bowlerId: BOWLER, frame: 2, ball: 1, pinsStanding: [] }, [
    first,
    second,
  ]);
  const { api, calls } = fakeApi(start);
  const model = new SessionModel({ sessionId: "s1", api, fetch: () => new Promise(() => {}) });
  await model.reload();
  model.startCorrection(
    { ball: second, bowlerId: BOWLER, bowlerName: "Ada", frame: 1, index: 2 },
    [first, second],
  );
  assert.equal(model.correcting.value?.faced, standingOf([7, 10]));
  assert.equal(model.correctionFallen.value, standingOf([10]));
  model.correctionFallen.value = standingOf([7, 10]);
  model.correctionReason.value = "  The 7 fell late  ";
  assert.equal(await model.submitCorrection(), true);
  assert.deepEqual(calls, [{
    name: "correctBall",
    args: ["s1", "b2", { pinsStanding: [], foul: false, reason: "The 7 fell late" }],
  }]);
  assert.equal(model.correcting.value, null);
});

Deno.test("a failed ball keeps the taps and says why in plain words, not the server's", async () => {
  const start = sheet("s1", {
    bowlerId: BOWLER,
    frame: 1,
    ball: 1,
    pinsStanding: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  });
  const { api } = fakeApi(start);
  api.addBall = () =>
    Promise.reject(
      new ApiError({ status: 409, code: "session_closed", detail: 'Session "s1" is closed' }),
    );
  const model = new SessionModel({ sessionId: "s1", api, fetch: () => new Promise(() => {}) });
  await model.reload();
  model.fallen.value = 3;
  assert.equal(await model.enterBall(), false);
  assert.equal(model.error.value, "This session is closed: no new balls can be entered");
  assert.equal(model.fallen.value, 3);
});

Deno.test("the live stream updates the sheet for this session only", async () => {
  const start = sheet("s1", {
    bowlerId: BOWLER,
    frame: 1,
    ball: 1,
    pinsStanding: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  });
  const { api } = fakeApi(start);
  const next = sheet("s1", { bowlerId: BOWLER, frame: 1, ball: 2, pinsStanding: [10] });
  const other = sheet("s2", null);
  const body = `event: session\ndata: ${JSON.stringify(other)}\n\n` +
    `event: session\ndata: ${JSON.stringify(next)}\n\n`;
  let served = false;
  const fetch = (_: RequestInfo | URL, init?: RequestInit) => {
    if (served) {
      return new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener("abort", () => reject(new Error("aborted")))
      );
    }
    served = true;
    return Promise.resolve(new Response(body));
  };
  const model = new SessionModel({ sessionId: "s1", api, fetch: fetch as typeof globalThis.fetch });
  await model.start();
  for (let i = 0; i < 50 && model.sheet.value?.turn?.ball !== 2; i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  model.stop();
  assert.equal(model.sheet.value?.id, "s1");
  assert.deepEqual(model.sheet.value?.turn?.pinsStanding, [10]);
});

Deno.test("removeBowler() sends the trimmed reason and shows the sheet without their turn", async () => {
  const start = sheet("s1", { bowlerId: BOWLER, frame: 1, ball: 1, pinsStanding: [] });
  const { api, calls } = fakeApi(start);
  const model = new SessionModel({ sessionId: "s1", api, fetch: () => new Promise(() => {}) });
  await model.reload();
  assert.equal(await model.removeBowler(BOWLER, "  Not with this party "), true);
  assert.deepEqual(calls, [{ name: "removeBowler", args: ["s1", BOWLER, "Not with this party"] }]);
  assert.equal(model.sheet.value?.bowlers[0].removed, true);
  assert.equal(model.up.value, null);
});

Deno.test("while the AI scores, Correct a ball picks the last ball from the AI's read and needs a reason", async () => {
  const aiBall = ball("b1", [7, 10], { source: "ai", mark: "8" });
  const start = sheet("s1", { bowlerId: BOWLER, frame: 1, ball: 2, pinsStanding: [7, 10] }, [
    aiBall,
  ]);
  const { api, calls } = fakeApi(start);
  const model = new SessionModel({ sessionId: "s1", api, fetch: () => new Promise(() => {}) });
  await model.reload();
  assert.equal(model.aiScoring.value, true);
  assert.equal(model.correctLast(), true);
  const ref = model.correcting.value;
  assert.equal(ref?.ball.id, "b1");
  assert.equal(ref?.faced, FULL_RACK);
  // The picker starts from what the AI read: every pin down but the 7 and the 10.
  assert.equal(model.correctionFallen.value, FULL_RACK & ~standingOf([7, 10]));
  model.correctionFallen.value |= standingOf([10]);
  assert.equal(await model.submitCorrection(), false, "no reason: not sent");
  assert.equal(model.reasonError.value, "Say why you change it (at least 3 characters)");
  assert.equal(calls.length, 0);
  model.correctionReason.value = "  the 10 fell late ";
  assert.equal(await model.submitCorrection(), true);
  assert.deepEqual(calls[0].args.slice(1), ["b1", {
    pinsStanding: [7],
    foul: false,
    reason: "the 10 fell late",
  }]);
  assert.equal(model.reasonError.value, null);
});

Deno.test("a game staff score by hand is not the AI's: entry stays in view", async () => {
  const start = sheet("s1", { bowlerId: BOWLER, frame: 1, ball: 2, pinsStanding: [7, 10] }, [
    ball("b1", [7, 10]),
  ]);
  const model = new SessionModel({
    sessionId: "s1",
    api: fakeApi(start).api,
    fetch: () => new Promise(() => {}),
  });
  await model.reload();
  assert.equal(model.aiScoring.value, false);
});

Deno.test("a session that cannot be loaded says so in words, not the server's text", async () => {
  const { api } = fakeApi(sheet("s1", null));
  api.getSession = () =>
    Promise.reject(
      new ApiError({ status: 404, code: "unknown_session", detail: 'Cannot find session "s1"' }),
    );
  const model = new SessionModel({ sessionId: "s1", api, fetch: () => new Promise(() => {}) });
  await model.reload();
  assert.equal(model.error.value, "Cannot find this session: it may have been removed");
});

Deno.test("claim() names an open-play game with the trimmed names; none at all is refused in words", async () => {
  const start = sheet("s1", { bowlerId: BOWLER, frame: 1, ball: 1, pinsStanding: [] });
  const { api, calls } = fakeApi({ ...start, openPlay: true });
  const model = new SessionModel({ sessionId: "s1", api, fetch: () => new Promise(() => {}) });
  await model.reload();
  assert.equal(await model.claim(["  ", ""]), false);
  assert.match(model.error.value!, /one to eight bowlers' names/);
  assert.deepEqual(calls, [], "nothing sent");
  assert.equal(await model.claim([" Ann ", "", "Ben"]), true);
  assert.deepEqual(calls, [{
    name: "claimSession",
    args: ["s1", [{ name: "Ann" }, { name: "Ben" }]],
  }]);
  assert.equal(model.sheet.value?.openPlay, false);
  assert.equal(model.error.value, null);
});
